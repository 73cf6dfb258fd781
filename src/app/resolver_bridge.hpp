#pragma once
// The app's glue around the resolution layer: its configuration from ours, the engine's outbox
// feeding it (observed names, new public addresses), and its answers handed to the trace layer
// (hop names) and the reports (geo, names, ownership per address).

#include <filesystem>

#include "app/config.hpp"
#include "engine/outbox.hpp"
#include "report/report_input.hpp"
#include "resolve/resolver.hpp"
#include "trace/hop_annotator.hpp"

namespace pt::app {

// Where the GeoLite2 databases are looked for: --geoip-db/--asn-db, $PACKETTRACER_DATA, the
// data/ folder of the source tree the binary was built in (what ./run.sh installs), ./data.
std::filesystem::path locate_data_dir();
resolve::ResolverConfig make_resolver_config(const Config& config);

// Hands the engine's observations to the resolver; called on the capture thread at each tick.
class ResolverOutbox final : public engine::Outbox {
 public:
  explicit ResolverOutbox(resolve::Resolver& resolver) : resolver_(resolver) {}

  void flows_changed(std::span<const engine::FlowRow>) override {}
  void flows_ended(std::span<const engine::FlowRow>, engine::FlowEnd) override {}
  void ports_changed(std::span<const engine::PortRow>) override {}
  void scans_changed(std::span<const engine::ScanRow>) override {}
  void devices_changed(std::span<const engine::DeviceRow>) override {}
  void names_observed(std::span<const engine::ObservedName> names) override;
  void addresses_seen(std::span<const util::IpAddress> addresses) override { resolver_.prefetch(addresses); }

 private:
  resolve::Resolver& resolver_;
  std::vector<resolve::ObservedName> converted_;  // reused each tick
};

// Hop names for traceroutes from the resolver's caches; asks for WHOIS once per hop so the
// owner column fills in.
class ResolverHopAnnotator final : public trace::HopAnnotator {
 public:
  explicit ResolverHopAnnotator(resolve::Resolver& resolver) : resolver_(resolver) {}
  trace::HopNames annotate(const util::IpAddress& address) override;

 private:
  resolve::Resolver& resolver_;
};

// Per-address annotations for --report (geo and ASN from the databases, names observed in the
// traffic or found by PTR).
report::Annotator make_report_annotator(resolve::Resolver& resolver);

}  // namespace pt::app

#include "app/store_trace_sink.hpp"

#include <unordered_map>

#include "store/repositories/hop_repository.hpp"
#include "store/repositories/route_repository.hpp"

namespace pt::app {
namespace {

store::Rtt to_rtt(util::Duration d) { return std::chrono::round<store::Rtt>(d); }

store::HopRecord to_hop_record(const trace::HopResult& hop, util::Timestamp sampled_at) {
  store::HopRecord h;
  h.ttl = hop.ttl.value;
  if (const auto* primary = hop.primary()) {
    h.address = primary->address;
    h.hostname = primary->names.fqdn;
    h.asn = primary->names.asn;
    h.as_name = primary->names.owner;
    std::tie(h.country, h.city) = split_location(primary->names.location);
  }
  // Every probe is a sample (no reply = no RTT): the store derives sent, received and
  // min/avg/max from them, as mtr counts them.
  std::uint32_t index = 0;
  for (const auto& probe : hop.probes) {
    store::LatencySample sample{.probe = index++, .rtt = std::nullopt, .at = sampled_at};
    if (probe.answered) sample.rtt = to_rtt(probe.rtt);
    h.samples.push_back(sample);
  }
  h.sent = static_cast<std::uint32_t>(hop.probes.size());
  return h;
}

// The AS path as trace::pattern_of builds it: the answering hops' ASNs, unknown (0) left out,
// consecutive repeats merged.
std::vector<std::uint32_t> as_path_of(const std::vector<util::IpAddress>& hops,
                                      const std::unordered_map<util::IpAddress, std::uint32_t>& asn_of) {
  std::vector<std::uint32_t> path;
  for (const auto& hop : hops) {
    const auto it = asn_of.find(hop);
    if (it == asn_of.end() || it->second == 0) continue;
    if (path.empty() || path.back() != it->second) path.push_back(it->second);
  }
  return path;
}

}  // namespace

std::pair<std::string, std::string> split_location(const std::string& location) {
  // resolve::GeoInfo::location_label(): "City, CC", "CC" or "City"; else a scope label.
  if (const auto comma = location.rfind(", "); comma != std::string::npos) {
    return {location.substr(comma + 2), location.substr(0, comma)};
  }
  const bool country_code = location.size() == 2 && std::isupper(static_cast<unsigned char>(location[0])) != 0 &&
                            std::isupper(static_cast<unsigned char>(location[1])) != 0;
  if (country_code) return {location, {}};
  return {{}, location};
}

store::TracerouteRecord to_traceroute_record(const trace::TraceResult& trace, std::optional<store::SessionId> session) {
  store::TracerouteRecord r;
  r.session = session;
  r.destination = trace.target;
  r.target = trace.target_name;
  r.probe = std::string(trace::to_string(trace.protocol));
  r.started_at = trace.started;
  r.finished_at = trace.finished;
  r.reached = trace.reached();
  r.hops.reserve(trace.hops.size());
  for (const auto& hop : trace.hops) r.hops.push_back(to_hop_record(hop, trace.started));
  return r;
}

store::RoutePattern to_route_pattern_record(const trace::RoutePattern& pattern) {
  return store::RoutePattern{.id = 0,
                             .destination = pattern.destination,
                             .hops = pattern.hops,
                             .first_seen = pattern.first_seen,
                             .last_seen = pattern.last_seen,
                             .times_seen = pattern.times_seen};
}

std::string route_change_kind(const trace::RouteChange& change) {
  if (change.hops.empty()) return change.as_path_changed() ? "as-path" : "changed-hop";
  bool added = true;
  bool removed = true;
  for (const auto& hop : change.hops) {
    added = added && hop.kind == trace::HopChangeKind::Added;
    removed = removed && hop.kind == trace::HopChangeKind::Removed;
  }
  if (added) return "new-hop";
  if (removed) return "removed-hop";
  return "changed-hop";
}

store::RouteChange to_route_change_record(const trace::RouteChange& change) {
  return store::RouteChange{.id = 0,
                            .destination = change.destination,
                            .changed_at = change.detected_at,
                            .old_hops = change.before,
                            .new_hops = change.after,
                            .kind = route_change_kind(change),
                            .description = change.summary()};
}

StoreTraceSink::StoreTraceSink(store::Database& database, std::optional<store::SessionId> session)
    : database_(database), session_(session) {}

void StoreTraceSink::count(bool taken, std::atomic<std::uint64_t>& counter) {
  (taken ? counter : refused_).fetch_add(1, std::memory_order_relaxed);
}

void StoreTraceSink::trace_finished(const trace::TraceResult& trace, const trace::PathSummary&) {
  // The store keeps its own path_summary, updated with every traceroutes row it inserts.
  if (trace.status == trace::TraceStatus::Failed || trace.status == trace::TraceStatus::Cancelled) return;
  count(database_.writer().submit(to_traceroute_record(trace, session_)), traces_);
}

void StoreTraceSink::pattern_observed(const trace::RoutePattern& pattern) {
  count(database_.writer().submit(to_route_pattern_record(pattern)), patterns_);
}

void StoreTraceSink::route_changed(const trace::RouteChange& change) {
  count(database_.writer().submit(to_route_change_record(change)), changes_);
}

std::optional<trace::RoutePattern> StoreTraceSink::last_pattern(const util::IpAddress& destination) {
  auto lease = database_.reads().acquire();
  const auto stored = store::repositories::RouteRepository(*lease).latest_pattern(destination);
  if (!stored) return std::nullopt;
  trace::RoutePattern p;
  p.destination = stored->destination;
  p.hops = stored->hops;
  p.first_seen = stored->first_seen;
  p.last_seen = stored->last_seen;
  p.times_seen = static_cast<std::uint32_t>(stored->times_seen);
  // route_patterns keeps the hop sequence only. The target answers from its own address, so a
  // route ending at it reached it; the AS numbers come from the newest trace's hops.
  p.reached = !p.hops.empty() && p.hops.back() == destination;
  std::unordered_map<util::IpAddress, std::uint32_t> asn_of;
  for (const auto& run : store::repositories::HopRepository(*lease).history(destination, 1)) {
    for (const auto& hop : run.hops) {
      if (!hop.address.empty()) asn_of.emplace(hop.address, hop.asn);
    }
  }
  p.as_path = as_path_of(p.hops, asn_of);
  return p;
}

StoreTraceSink::Counters StoreTraceSink::counters() const {
  return {traces_.load(), patterns_.load(), changes_.load(), refused_.load()};
}

}  // namespace pt::app

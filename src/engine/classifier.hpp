#pragma once
// The spec's TrafficClassifier: what application a flow carries (nDPI 4.2 deep packet
// inspection), which service its port names, and how it behaves (encrypted, streaming, VoIP,
// handshake-only, bulk, interactive).
//
// Spec mapping:
//   classify_flow(flow)       <-> on_packet() for every packet of the flow, finish() when it ends.
//   get_classification(flow)  <-> flow.classification (ids, method, traits, service, server name);
//                                 names through labels(): labels()->protocol(id), ->category(id),
//                                 or Snapshot::app_name() ("TLS.YouTube").
//
// nDPI state exists only while a flow is being inspected: it is taken from a pool on the first
// packet and given back once nDPI has decided (or after the packet bound, as ndpiReader does),
// so a classified flow costs nothing here beyond its FlowRow::classification.
// One Classifier owns one nDPI detection module: use one per engine thread, from that thread only.

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <stdexcept>

#include "engine/flow_row.hpp"
#include "engine/label_table.hpp"
#include "engine/outbox.hpp"
#include "engine/service_names.hpp"
#include "engine/snapshot.hpp"
#include "engine/traffic_heuristics.hpp"
#include "packet/packet.hpp"
#include "util/time.hpp"

struct ndpi_detection_module_struct;

namespace pt::engine {

struct ClassifierConfig {
  bool dpi_enabled = true;  // false (--no-dpi): service by port only, no nDPI per packet
  // Packets of one TCP (or other non-UDP) flow handed to nDPI before giving up: ndpiReader 4.2's
  // max_num_tcp_dissected_pkts (80, "due to telnet": its option negotiation is slow). Most flows
  // are decided within 1-8 packets; only undecidable ones pay the whole bound. Measured: over
  // the 8,721 flows of the nDPI captures, bounds of 24-80 agree with ndpiReader equally
  // (99.85%; 16: 99.83%, 8: 99.58%), and 32 instead of 80 changed classifier throughput on a
  // 4 M-packet mix by less than the run-to-run noise, so ndpiReader's value stays.
  std::uint32_t max_dpi_packets = 80;
  // The same for UDP: ndpiReader's max_num_udp_dissected_pkts (24; "Signal and SnapchatCall
  // require more" than 8; at 16 one SnapchatCall flow is already lost).
  std::uint32_t max_udp_dpi_packets = 24;
  std::filesystem::path services_file = "/etc/services";
  TrafficHeuristics heuristics;  // thresholds of the behavioural traits
};

class ClassifierError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct ClassifierFlowState;  // opaque; lives in the Classifier's pool
class ClassifierStatePool;

class Classifier {
 public:
  // Throws ClassifierError when nDPI cannot set up its detection module.
  explicit Classifier(const ClassifierConfig& config);
  ~Classifier();  // frees every remaining state and the nDPI module
  Classifier(const Classifier&) = delete;
  Classifier& operator=(const Classifier&) = delete;

  // Every nDPI protocol and category name by id (shared with every snapshot).
  [[nodiscard]] std::shared_ptr<const LabelTable> labels() const { return labels_; }

  // Every packet of a flow, both directions, in order. `state` starts nullptr and is allocated
  // on first use; once nDPI decides (or the packet bound is reached) the result is written into
  // flow.classification, the nDPI state is freed and `state` is set back to nullptr, so later
  // calls return at once. While pending, an application nDPI already recognized is shown
  // (method stays Pending) so a TLS flow waiting for its certificate still reads "TLS".
  void on_packet(ClassifierFlowState*& state, FlowRow& flow, const packet::Packet& p, bool from_initiator);

  // The flow leaves the table or the capture ends: a pending flow gets nDPI's final guess
  // (ports, IP ranges), its result is written and its state freed. No-op when state is nullptr.
  void finish(ClassifierFlowState*& state, FlowRow& flow);

  // Recomputes the behavioural traits of a flow from its counters (called on a tick for flows
  // that changed): protocol-derived bits (encrypted, tunnel, VoIP), streaming, small periodic
  // UDP (VoIP), handshake-only TCP, bulk, interactive. `now` is the engine's packet clock.
  void update_traits(FlowRow& flow, util::Timestamp now) const;

  [[nodiscard]] ClassifierCounters counters() const { return counters_; }
  // How c.server_name names the flow's responder (a TLS/QUIC/DTLS SNI or an HTTP Host); nullopt
  // when it names something else (the question of a DNS flow) or nothing: only a responder's name
  // is a passive name for dst.
  [[nodiscard]] static std::optional<NameSource> responder_name_source(const Classification& c);
  [[nodiscard]] const ServiceNames& services() const { return services_; }
  // Bytes held by the nDPI states currently in use or pooled for reuse.
  [[nodiscard]] std::size_t state_memory() const;

 private:
  void complete(ClassifierFlowState*& state, FlowRow& flow, bool give_up);
  void classify_without_dpi(FlowRow& flow);
  [[nodiscard]] std::uint16_t protocol_traits(const Classification& c) const;
  [[nodiscard]] std::uint32_t packet_bound(std::uint8_t ip_protocol) const;

  ClassifierConfig config_;
  ServiceNames services_;
  ndpi_detection_module_struct* ndpi_ = nullptr;
  std::unique_ptr<ClassifierStatePool> pool_;
  std::shared_ptr<const LabelTable> labels_;
  ClassifierCounters counters_;
  std::uint64_t last_time_ms_ = 0;  // nDPI wants monotonic milliseconds (as ndpiReader repairs them)
};

}  // namespace pt::engine

#pragma once
// Behavioural traits of a flow read from its counters alone (the spec's "pattern detection:
// streaming, VoIP, handshake"): no payload, no protocol knowledge, so they also describe flows
// nDPI could not name. Thresholds are plain data so a config section can tune them.
//
//   streaming       sustained high-rate downstream: >= min duration, responder -> initiator rate
//                   >= min bits/s, and that direction dominating by >= ratio
//   voip            small periodic UDP both ways: packet rate in the band of 10-100 ms voice
//                   frames (RFC 3551 §4.5 ptime), small average payload, for >= min duration
//   handshake-only  TCP that carried no payload either way and is over (closed or idle)
//   bulk            a large transfer (>= min bytes) almost entirely one way
//   interactive     small payloads both ways at a low rate for a while (SSH, telnet, RDP input)

#include <chrono>
#include <cstdint>

#include "engine/flow_row.hpp"
#include "util/time.hpp"

namespace pt::engine {

struct TrafficHeuristics {
  // Streaming: 1 Mbit/s sustained for 10 s covers SD video and up (adaptive streams rarely
  // stay below it), while a page load rarely lasts 10 s at that rate.
  util::Duration streaming_min_duration = std::chrono::seconds(10);
  double streaming_min_bits_per_second = 1'000'000.0;
  double streaming_min_down_up_ratio = 5.0;  // TCP acks cost ~1/20 of the data they acknowledge

  // VoIP: one frame every 10-100 ms each way, 20-320 payload bytes (G.729 20 ms = 20 B + RTP
  // 12 B ... G.711 40 ms = 320 B).
  util::Duration voip_min_duration = std::chrono::seconds(5);
  double voip_min_packets_per_second = 10.0;
  double voip_max_packets_per_second = 110.0;
  double voip_min_payload = 20.0;
  double voip_max_payload = 320.0;

  // Handshake-only: how long a payload-less TCP flow must be idle before we call it that.
  util::Duration handshake_idle = std::chrono::seconds(10);

  std::uint64_t bulk_min_bytes = 1U << 20U;  // 1 MiB of payload
  double bulk_min_share = 0.9;               // of the payload in one direction

  std::uint64_t interactive_min_packets = 20;
  util::Duration interactive_min_duration = std::chrono::seconds(5);
  double interactive_max_payload = 160.0;              // average per packet, each way
  double interactive_max_bytes_per_second = 16'000.0;  // both ways together

  // The behavioural flow_trait bits (kStreaming, kVoip, kHandshakeOnly, kBulk, kInteractive)
  // that hold for `flow` at packet time `now`.
  [[nodiscard]] std::uint16_t traits(const FlowRow& flow, util::Timestamp now) const;

  [[nodiscard]] bool streaming(const FlowRow& flow) const;
  [[nodiscard]] bool voip(const FlowRow& flow) const;
  [[nodiscard]] bool handshake_only(const FlowRow& flow, util::Timestamp now) const;
  [[nodiscard]] bool bulk(const FlowRow& flow) const;
  [[nodiscard]] bool interactive(const FlowRow& flow) const;
};

}  // namespace pt::engine

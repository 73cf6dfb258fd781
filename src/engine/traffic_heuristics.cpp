#include "engine/traffic_heuristics.hpp"

#include <algorithm>

namespace pt::engine {
namespace {

constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kUdp = 17;

double seconds_between(util::Timestamp from, util::Timestamp to) {
  return to > from ? util::to_seconds(to - from) : 0.0;
}

double duration_seconds(const FlowRow& flow) { return seconds_between(flow.first_seen, flow.last_seen); }

double average(std::uint64_t total, std::uint64_t count) {
  return count == 0 ? 0.0 : static_cast<double>(total) / static_cast<double>(count);
}

}  // namespace

std::uint16_t TrafficHeuristics::traits(const FlowRow& flow, util::Timestamp now) const {
  std::uint16_t bits = 0;
  if (streaming(flow)) bits |= flow_trait::kStreaming;
  if (voip(flow)) bits |= flow_trait::kVoip;
  if (handshake_only(flow, now)) bits |= flow_trait::kHandshakeOnly;
  if (bulk(flow)) bits |= flow_trait::kBulk;
  if (interactive(flow)) bits |= flow_trait::kInteractive;
  return bits;
}

bool TrafficHeuristics::streaming(const FlowRow& flow) const {
  if (flow.protocol != kTcp && flow.protocol != kUdp) return false;
  const double seconds = duration_seconds(flow);
  if (seconds < util::to_seconds(streaming_min_duration) || seconds <= 0.0) return false;
  const double down_bits_per_second = static_cast<double>(flow.bytes_recv) * 8.0 / seconds;
  if (down_bits_per_second < streaming_min_bits_per_second) return false;
  return static_cast<double>(flow.bytes_recv) >=
         streaming_min_down_up_ratio * static_cast<double>(std::max<std::uint64_t>(flow.bytes_sent, 1));
}

bool TrafficHeuristics::voip(const FlowRow& flow) const {
  if (flow.protocol != kUdp) return false;
  const double seconds = duration_seconds(flow);
  if (seconds < util::to_seconds(voip_min_duration) || seconds <= 0.0) return false;
  const auto in_band = [&](std::uint64_t packets, std::uint64_t payload) {
    const double rate = static_cast<double>(packets) / seconds;
    const double size = average(payload, packets);
    return rate >= voip_min_packets_per_second && rate <= voip_max_packets_per_second && size >= voip_min_payload &&
           size <= voip_max_payload;
  };
  return in_band(flow.packets_sent, flow.payload_sent) && in_band(flow.packets_recv, flow.payload_recv);
}

bool TrafficHeuristics::handshake_only(const FlowRow& flow, util::Timestamp now) const {
  if (flow.protocol != kTcp || flow.packets() == 0) return false;
  if (flow.payload_sent != 0 || flow.payload_recv != 0) return false;
  return flow.closed || seconds_between(flow.last_seen, now) >= util::to_seconds(handshake_idle);
}

bool TrafficHeuristics::bulk(const FlowRow& flow) const {
  const std::uint64_t total = flow.payload_sent + flow.payload_recv;
  if (total < bulk_min_bytes) return false;
  const double larger = static_cast<double>(std::max(flow.payload_sent, flow.payload_recv));
  return larger >= bulk_min_share * static_cast<double>(total);
}

bool TrafficHeuristics::interactive(const FlowRow& flow) const {
  if (flow.protocol != kTcp && flow.protocol != kUdp) return false;
  if (flow.payload_sent == 0 || flow.payload_recv == 0) return false;
  if (flow.packets() < interactive_min_packets) return false;
  const double seconds = duration_seconds(flow);
  if (seconds < util::to_seconds(interactive_min_duration) || seconds <= 0.0) return false;
  if (average(flow.payload_sent, flow.packets_sent) > interactive_max_payload) return false;
  if (average(flow.payload_recv, flow.packets_recv) > interactive_max_payload) return false;
  const double rate = static_cast<double>(flow.payload_sent + flow.payload_recv) / seconds;
  return rate <= interactive_max_bytes_per_second;
}

}  // namespace pt::engine

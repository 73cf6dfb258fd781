#pragma once
// Per-destination statistics across the traces of one route, like mtr's running table: per
// TTL, probes sent and answered, last/best/worst/average RTT, and the address seen there. When
// the route changes the summary starts again, so a changed path never shows up as loss.

#include <cstdint>
#include <optional>
#include <vector>

#include "trace/trace_result.hpp"

namespace pt::trace {

struct PathHopSummary {
  util::Ttl ttl;
  util::IpAddress address;  // the latest answering address at this TTL (empty while silent)
  std::uint32_t sent = 0;
  std::uint32_t received = 0;
  std::optional<util::Duration> last;
  std::optional<util::Duration> best;
  std::optional<util::Duration> worst;
  util::Duration total{};  // of received probes, for the average

  [[nodiscard]] double loss_percent() const;
  [[nodiscard]] std::optional<util::Duration> average() const;
};

struct PathSummary {
  util::IpAddress destination;
  std::uint32_t traces = 0;
  util::Timestamp since{};    // first trace of this route
  util::Timestamp updated{};  // latest trace
  std::vector<PathHopSummary> hops;

  // Adds a finished trace's probes. Traces that failed or were cancelled are not counted.
  void add(const TraceResult& trace);
  // Starts over (after a route change), keeping the destination.
  void reset();
};

}  // namespace pt::trace

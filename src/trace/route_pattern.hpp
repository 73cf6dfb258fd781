#pragma once
// Route history: the hop sequence to a destination (its route pattern) and what changed between
// two traces (a route change: hops added, removed or replaced, and the AS path before and after).
// A hop that did not answer ("*") is loss, never a change: it matches any address when two
// patterns are compared. And a change is an event, never loss: the statistics of a path start
// again when it changes (PathSummary).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "trace/trace_result.hpp"
#include "util/time.hpp"

namespace pt::trace {

struct RoutePattern {
  util::IpAddress destination;
  std::vector<util::IpAddress> hops;   // TTL 1 first; an empty address is a silent hop
  std::vector<std::uint32_t> as_path;  // the ASNs of the answering hops, consecutive repeats merged
  bool reached = false;
  util::Timestamp first_seen{};
  util::Timestamp last_seen{};
  std::uint32_t times_seen = 0;

  // "10.0.1.1 10.0.12.2 * 10.0.2.2": the hop sequence as text, the key of a distinct route.
  [[nodiscard]] std::string signature() const;
  [[nodiscard]] bool has_answers() const;
};

enum class HopChangeKind : std::uint8_t { Added, Removed, Replaced };
std::string_view to_string(HopChangeKind kind);

struct HopChange {
  HopChangeKind kind = HopChangeKind::Added;
  util::Ttl ttl;           // where it is in the new route (Removed: where it was in the old)
  util::IpAddress before;  // empty for Added
  util::IpAddress after;   // empty for Removed
};

struct RouteChange {
  util::IpAddress destination;
  util::Timestamp detected_at{};
  std::uint64_t trace_id = 0;  // the trace that showed the new route
  std::vector<util::IpAddress> before;
  std::vector<util::IpAddress> after;
  std::vector<std::uint32_t> as_path_before;
  std::vector<std::uint32_t> as_path_after;
  std::vector<HopChange> hops;

  [[nodiscard]] bool as_path_changed() const;
  // "hop 2 added 10.0.13.2; AS path 64500 -> 64500 64501"
  [[nodiscard]] std::string summary() const;
};

// The pattern a finished trace shows (primary responder per hop, AS numbers from the names).
RoutePattern pattern_of(const TraceResult& trace);

// nullopt when current follows previous's route. Hops are aligned as in a diff (longest common
// subsequence, where a silent hop matches anything but an exact match is preferred), so an
// inserted router shows as one added hop, not as every later hop changing.
std::optional<RouteChange> detect_route_change(const RoutePattern& previous, const RoutePattern& current,
                                               std::uint64_t trace_id = 0);

// The pattern to keep after a trace that did not change the route: the new one, with its silent
// hops filled from the previous and the first-seen time and count carried over.
RoutePattern merge_pattern(const RoutePattern& previous, const RoutePattern& current);

}  // namespace pt::trace

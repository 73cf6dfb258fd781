#pragma once
// What the Paths view reads: an immutable picture of every traced target, published by the
// TraceService after each change and shared by pointer (readers never lock the tracer).

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "trace/path_summary.hpp"
#include "trace/route_pattern.hpp"
#include "trace/trace_error.hpp"
#include "trace/trace_result.hpp"

namespace pt::trace {

enum class TraceOrigin : std::uint8_t {
  User,         // a key in the dashboard (t, Enter, Paths s/r)
  CommandLine,  // -t HOST
  Auto,         // one of the busiest destinations, traced unasked
};
std::string_view to_string(TraceOrigin origin);

enum class TargetPhase : std::uint8_t { Queued, Running, Idle };
std::string_view to_string(TargetPhase phase);

struct TargetState {
  util::IpAddress target;
  std::string name;  // the host name asked for, if any
  TraceOrigin origin = TraceOrigin::User;
  TargetPhase phase = TargetPhase::Queued;
  std::shared_ptr<const TraceResult> latest;   // the last finished trace; null before the first
  std::shared_ptr<const TraceResult> current;  // the running trace so far; null unless Running
  std::optional<RoutePattern> pattern;         // the route as known now
  std::vector<RouteChange> changes;            // this session's route changes, newest last
  PathSummary summary;                         // statistics since the route last changed
  std::uint32_t runs = 0;

  // The trace to show: the running one if it has hops, else the latest.
  [[nodiscard]] const TraceResult* shown() const {
    if (current && !current->hops.empty()) return current.get();
    return latest ? latest.get() : (current ? current.get() : nullptr);
  }
};

struct TraceSnapshot {
  std::uint64_t version = 0;
  std::vector<TargetState> targets;  // in the order they were first asked for
  std::size_t queued = 0;
  std::uint64_t traces_completed = 0;
  std::uint64_t requests_dropped = 0;  // the queue was full
  bool auto_trace = false;
  // The last failure ("traceroute needs raw sockets: ..."), cleared by the next success.
  std::optional<TraceErrorKind> error_kind;
  std::string error;

  [[nodiscard]] const TargetState* find(const util::IpAddress& target) const {
    for (const auto& t : targets) {
      if (t.target == target) return &t;
    }
    return nullptr;
  }
};

}  // namespace pt::trace

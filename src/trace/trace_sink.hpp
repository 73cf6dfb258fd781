#pragma once
// Where finished traces and route history go. The trace layer declares it; the app implements it
// with the store (tables traceroutes, hops, latency_samples, path_summary, route_patterns,
// route_changes), and MemoryTraceSink keeps the same history in memory for runs without a
// database. Every call comes from the TraceService's thread, after the trace, never from the
// dashboard's; an implementation may block briefly (a read query) but should queue writes.

#include <optional>

#include "trace/path_summary.hpp"
#include "trace/route_pattern.hpp"
#include "trace/trace_result.hpp"

namespace pt::trace {

class TraceSink {
 public:
  virtual ~TraceSink() = default;

  // A trace ended (Reached, Unreachable, NotReached, Cancelled or Failed), with names filled as
  // far as known: one traceroutes row, its hops, one latency sample per answered probe, and
  // the destination's path summary as it stands after this trace.
  virtual void trace_finished(const TraceResult& trace, const PathSummary& summary) = 0;
  // The destination's route as it stands after a trace with at least one answering hop
  // (signature, hops, AS path, first/last seen, times seen): an upsert keyed by destination and
  // signature.
  virtual void pattern_observed(const RoutePattern& pattern) = 0;
  // The route changed; reported once, before the new pattern is observed.
  virtual void route_changed(const RouteChange& change) = 0;
  // The latest route recorded for destination by earlier runs (or this one), so a change is
  // detected across restarts; nullopt when none.
  virtual std::optional<RoutePattern> last_pattern(const util::IpAddress& destination) = 0;
};

}  // namespace pt::trace

#pragma once
// How a hop address gets its name, AS and place. The trace layer declares what it needs; the
// app implements it with the resolvers. Called on the TraceService's thread for every hop
// address, during and after a trace, so it must answer at once from cache: an unknown name
// comes back with pending = true and the service asks again later (it re-asks pending hops
// for TraceServiceConfig::annotate_for after the trace).

#include "trace/trace_result.hpp"
#include "util/ip_address.hpp"

namespace pt::trace {

class HopAnnotator {
 public:
  virtual ~HopAnnotator() = default;
  virtual HopNames annotate(const util::IpAddress& address) = 0;
};

// Fills the names of every responder of result through annotator; true when any name changed.
bool annotate_hops(TraceResult& result, HopAnnotator& annotator);
// True while any responder of result waits for a lookup.
bool has_pending_names(const TraceResult& result);

}  // namespace pt::trace

namespace pt::trace {

// The annotator for runs without name resolution (--no-resolve): no lookups, only the scope of
// addresses that are not public ("Private network", "Loopback", ...) as their location.
class ScopeOnlyAnnotator : public HopAnnotator {
 public:
  HopNames annotate(const util::IpAddress& address) override;
};

}  // namespace pt::trace

#include "trace/hop_annotator.hpp"

namespace pt::trace {

bool annotate_hops(TraceResult& result, HopAnnotator& annotator) {
  bool changed = false;
  for (auto& hop : result.hops) {
    for (auto& responder : hop.responders) {
      auto names = annotator.annotate(responder.address);
      if (names != responder.names) {
        responder.names = std::move(names);
        changed = true;
      }
    }
  }
  return changed;
}

bool has_pending_names(const TraceResult& result) {
  for (const auto& hop : result.hops) {
    for (const auto& responder : hop.responders) {
      if (responder.names.pending) return true;
    }
  }
  return false;
}

}  // namespace pt::trace

namespace pt::trace {

HopNames ScopeOnlyAnnotator::annotate(const util::IpAddress& address) {
  HopNames names;
  names.location = std::string(util::scope_label(address.scope()));
  return names;
}

}  // namespace pt::trace

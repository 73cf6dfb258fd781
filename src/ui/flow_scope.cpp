#include "ui/flow_scope.hpp"

namespace pt::ui {

FlowScope scope_flows(const engine::Snapshot& snapshot, const Selection& selection) {
  FlowScope scope;
  scope.selected = !selection.empty();
  scope.flows.reserve(scope.selected ? selection.size() : snapshot.flows.size());
  for (const auto& row : snapshot.flows) {
    if (!scope.selected || selection.contains(FlowIdentity::of(row))) scope.flows.push_back(&row);
  }
  return scope;
}

}  // namespace pt::ui

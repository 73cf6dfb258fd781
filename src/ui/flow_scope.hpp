#pragma once
// The flows the Stats, Analysis, Ports and Paths views summarize: every flow, or only the
// selected ones when a selection exists (spec: "Respects flow selection from Traffic view").

#include <vector>

#include "engine/snapshot.hpp"
#include "ui/view_state.hpp"

namespace pt::ui {

struct FlowScope {
  bool selected = false;  // true: flows holds only selected flows
  std::vector<const engine::FlowRow*> flows;
};

FlowScope scope_flows(const engine::Snapshot& snapshot, const Selection& selection);

}  // namespace pt::ui

#pragma once
// View 2: traceroutes with per-hop names, owners and locations; the passive hop summary; route
// history and changes.

#include "ui/flow_scope.hpp"
#include "ui/views/frame.hpp"

namespace pt::ui::views {

void draw_paths(Canvas& canvas, Rect area, const PathsModel& paths, const FlowScope& scope, const Frame& frame);

// "14:03:27" in local time.
std::string clock_time(util::Timestamp t);

}  // namespace pt::ui::views

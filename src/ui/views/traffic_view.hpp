#pragma once
// View 1: the live flow table, or (g) the same traffic grouped by destination.

#include "ui/traffic_list.hpp"
#include "ui/views/frame.hpp"

namespace pt::ui::views {

// Rows the table shows in area: what fits under the frame and header, at most max_rows
// (MAX_FLOWS_DISPLAY).
int traffic_page_rows(Rect area, int max_rows);

void draw_traffic(Canvas& canvas, Rect area, const TrafficList& list, const Frame& frame);

}  // namespace pt::ui::views

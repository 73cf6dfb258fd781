#pragma once
// View 5: ports with hits, port ranges, services, scan detection and an alert summary.

#include "ui/ports_model.hpp"
#include "ui/views/frame.hpp"

namespace pt::ui::views {

// Rows the port table shows in area (for paging).
int ports_page_rows(Rect area);

void draw_ports(Canvas& canvas, Rect area, const PortsModel& model, const Frame& frame);

}  // namespace pt::ui::views

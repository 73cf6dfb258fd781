#pragma once
// View 4: what the traffic is (applications, categories, encryption) and how it looks on the
// wire (protocols, packet sizes, TCP flags, ICMP types).

#include "ui/analysis_model.hpp"
#include "ui/views/frame.hpp"

namespace pt::ui::views {

void draw_analysis(Canvas& canvas, Rect area, const AnalysisModel& model, const Frame& frame);

}  // namespace pt::ui::views

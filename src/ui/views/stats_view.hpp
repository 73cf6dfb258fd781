#pragma once
// View 3: where the traffic goes (countries, owners, domains), who talks most, protocols,
// an overview with cache statistics and a throughput graph.

#include <vector>

#include "ui/stats_model.hpp"
#include "ui/views/frame.hpp"

namespace pt::ui::views {

void draw_stats(Canvas& canvas, Rect area, const StatsModel& model, const std::vector<CacheStats>& caches,
                const Frame& frame);

}  // namespace pt::ui::views

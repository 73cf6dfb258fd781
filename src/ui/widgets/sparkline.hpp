#pragma once
// Time series as block glyphs: a one-row sparkline (▁▂▃▄▅▆▇█) and a multi-row graph built from
// the same eighth blocks, newest value on the right.

#include <span>

#include "ui/canvas.hpp"

namespace pt::ui::widgets {

// The last `width` values (older ones scroll off the left), scaled to their maximum. Zero is
// blank so an idle link reads as idle.
void sparkline(Canvas& canvas, int x, int y, int width, std::span<const double> values, Style style = Style::Spark);

// Same, area.h rows tall; returns the maximum the graph was scaled to.
double graph(Canvas& canvas, Rect area, std::span<const double> values, Style style = Style::Spark);

}  // namespace pt::ui::widgets

#pragma once
// Horizontal bars with eighth-cell precision (▏▎▍▌▋▊▉█), and labelled bar-chart rows:
//   https      ████████████▌        42%  1.2 MB

#include <string_view>

#include "ui/canvas.hpp"

namespace pt::ui::widgets {

// Fills fraction (0..1) of width cells starting at (x, y).
void bar(Canvas& canvas, int x, int y, int width, double fraction, Style style = Style::Bar);

// label | bar | value in one row of area.w cells; the bar takes what label and value leave.
void bar_row(Canvas& canvas, Rect row, std::string_view label, int label_width, double fraction, std::string_view value,
             int value_width, Style label_style = Style::Normal, Style bar_style = Style::Bar);

}  // namespace pt::ui::widgets

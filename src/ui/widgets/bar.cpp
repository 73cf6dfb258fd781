#include "ui/widgets/bar.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace pt::ui::widgets {

void bar(Canvas& canvas, int x, int y, int width, double fraction, Style style) {
  static constexpr std::array<char32_t, 8> kEighths{U' ', U'▏', U'▎', U'▍', U'▌', U'▋', U'▊', U'▉'};
  if (width <= 0) return;
  if (!(fraction > 0)) fraction = 0;
  fraction = std::min(fraction, 1.0);
  const auto eighths = static_cast<int>(std::lround(fraction * width * 8));
  const int full = eighths / 8;
  for (int i = 0; i < full; ++i) canvas.put(x + i, y, U'█', style);
  int drawn = full;
  if (full < width && eighths % 8 != 0) {
    canvas.put(x + full, y, kEighths[static_cast<std::size_t>(eighths % 8)], style);
    ++drawn;
  }
  // A non-zero share never looks like zero.
  if (drawn == 0 && fraction > 0) canvas.put(x, y, U'▏', style);
}

void bar_row(Canvas& canvas, Rect row, std::string_view label, int label_width, double fraction, std::string_view value,
             int value_width, Style label_style, Style bar_style) {
  if (row.w <= 0) return;
  label_width = std::min(label_width, row.w);
  canvas.field(row.x, row.y, label_width, label, label_style);
  const int value_x = row.right() - value_width;
  if (value_width > 0 && value_x > row.x + label_width) {
    canvas.field(value_x, row.y, value_width, value, Style::Normal, Align::Right);
  }
  const int bar_x = row.x + label_width + 1;
  const int bar_w = value_x - 1 - bar_x;
  if (bar_w > 0) bar(canvas, bar_x, row.y, bar_w, fraction, bar_style);
}

}  // namespace pt::ui::widgets

#include "ui/widgets/sparkline.hpp"

#include <algorithm>
#include <array>
#include <cmath>

namespace pt::ui::widgets {
namespace {

constexpr std::array<char32_t, 9> kLevels{U' ', U'▁', U'▂', U'▃', U'▄', U'▅', U'▆', U'▇', U'█'};

std::span<const double> tail(std::span<const double> values, int width) {
  const auto n = static_cast<std::size_t>(std::max(width, 0));
  return values.size() > n ? values.subspan(values.size() - n) : values;
}

double peak(std::span<const double> values) {
  double m = 0;
  for (double v : values) m = std::max(m, v);
  return m;
}

}  // namespace

void sparkline(Canvas& canvas, int x, int y, int width, std::span<const double> values, Style style) {
  graph(canvas, {x, y, width, 1}, values, style);
}

double graph(Canvas& canvas, Rect area, std::span<const double> values, Style style) {
  if (area.empty()) return 0;
  const auto shown = tail(values, area.w);
  const double max = peak(shown);
  const int start = area.right() - static_cast<int>(shown.size());
  for (std::size_t i = 0; i < shown.size(); ++i) {
    const double v = shown[i];
    if (!(v > 0) || max <= 0) continue;
    // Height in eighths of a cell; anything above zero shows at least the lowest block.
    const auto eighths = std::max(1L, std::lround(v / max * area.h * 8));
    for (int row = 0; row < area.h; ++row) {
      const long level = std::clamp(eighths - static_cast<long>(row) * 8, 0L, 8L);
      if (level == 0) break;
      canvas.put(start + static_cast<int>(i), area.bottom() - 1 - row, kLevels[static_cast<std::size_t>(level)], style);
    }
  }
  return max;
}

}  // namespace pt::ui::widgets

#include "ui/widgets/table.hpp"

#include <algorithm>
#include <numeric>

namespace pt::ui::widgets {

std::vector<int> layout_columns(std::span<const Column> columns, int width) {
  std::vector<int> widths(columns.size(), 0);
  std::vector<bool> shown(columns.size(), true);
  auto total = [&] {
    int sum = 0;
    int n = 0;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (!shown[i]) continue;
      sum += columns[i].min_width;
      ++n;
    }
    return sum + std::max(n - 1, 0);
  };
  // Drop the least important column (the rightmost among equals) until the rest fit.
  while (total() > width) {
    int victim = -1;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      if (!shown[i]) continue;
      if (victim < 0 || columns[i].priority <= columns[static_cast<std::size_t>(victim)].priority) {
        victim = static_cast<int>(i);
      }
    }
    if (victim < 0) break;
    shown[static_cast<std::size_t>(victim)] = false;
  }
  int spare = width - total();
  for (std::size_t i = 0; i < columns.size(); ++i) {
    if (shown[i]) widths[i] = columns[i].min_width;
  }
  // Hand out the spare width by share, a few rounds so capped columns pass theirs on.
  for (int round = 0; round < 4 && spare > 0; ++round) {
    int shares = 0;
    for (std::size_t i = 0; i < columns.size(); ++i) {
      const bool capped = columns[i].max_width > 0 && widths[i] >= columns[i].max_width;
      if (shown[i] && columns[i].grow > 0 && !capped) shares += columns[i].grow;
    }
    if (shares == 0) break;
    const int pool = spare;
    for (std::size_t i = 0; i < columns.size() && spare > 0; ++i) {
      const bool capped = columns[i].max_width > 0 && widths[i] >= columns[i].max_width;
      if (!shown[i] || columns[i].grow == 0 || capped) continue;
      int add = std::max(1, pool * columns[i].grow / shares);
      if (columns[i].max_width > 0) add = std::min(add, columns[i].max_width - widths[i]);
      add = std::min(add, spare);
      widths[i] += add;
      spare -= add;
    }
  }
  return widths;
}

void draw_header(Canvas& canvas, Rect row, std::span<const Column> columns, std::span<const int> widths,
                 int sorted_column) {
  canvas.fill({row.x, row.y, row.w, 1}, U' ', Style::Header);
  int x = row.x;
  for (std::size_t i = 0; i < columns.size() && i < widths.size(); ++i) {
    const int w = widths[i];
    if (w == 0) continue;
    std::string title(columns[i].title);
    if (static_cast<int>(i) == sorted_column) title += "▼";
    canvas.field(x, row.y, w, title, Style::Header, columns[i].align);
    x += w + 1;
  }
}

void draw_row(Canvas& canvas, Rect row, std::span<const Column> columns, std::span<const int> widths,
              std::span<const TableCell> cells, RowMark mark) {
  canvas.fill({row.x, row.y, row.w, 1}, U' ', Style::Normal);
  int x = row.x;
  for (std::size_t i = 0; i < columns.size() && i < widths.size() && i < cells.size(); ++i) {
    const int w = widths[i];
    if (w == 0) continue;
    canvas.field(x, row.y, w, cells[i].text, cells[i].style, columns[i].align, columns[i].elide);
    x += w + 1;
  }
  const bool marked = mark == RowMark::Marked || mark == RowMark::CursorMarked;
  if (marked && row.x > 0) canvas.put(row.x - 1, row.y, U'●', Style::Marked);
  switch (mark) {
    case RowMark::None: break;
    case RowMark::Cursor: canvas.restyle({row.x, row.y, row.w, 1}, Style::Cursor); break;
    case RowMark::Marked: canvas.restyle({row.x, row.y, row.w, 1}, Style::Marked); break;
    case RowMark::CursorMarked: canvas.restyle({row.x, row.y, row.w, 1}, Style::CursorMarked); break;
  }
}

int scroll_offset(int previous, int cursor, int count, int visible) {
  if (visible <= 0 || count <= visible) return 0;
  int offset = std::clamp(previous, 0, count - visible);
  if (cursor < offset) offset = cursor;
  if (cursor >= offset + visible) offset = cursor - visible + 1;
  return std::clamp(offset, 0, count - visible);
}

}  // namespace pt::ui::widgets

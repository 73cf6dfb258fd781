#pragma once
// A table that fits its width: columns have a minimum and a growth share, and the least
// important columns are dropped first when the terminal is narrow. Rows are drawn one at a time
// so views only build the rows that are visible.

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ui/canvas.hpp"

namespace pt::ui::widgets {

struct Column {
  std::string_view title;
  int min_width = 4;
  int grow = 0;       // share of the spare width (0: fixed at min_width)
  int max_width = 0;  // 0: no limit when growing
  int priority = 0;   // higher survives longer when the width is short
  Align align = Align::Left;
  Elide elide = Elide::Right;
};

struct TableCell {
  std::string text;
  Style style = Style::Normal;
};

enum class RowMark : std::uint8_t { None, Cursor, Marked, CursorMarked };

// Column widths for the given total width (one space between columns); 0 = column dropped.
std::vector<int> layout_columns(std::span<const Column> columns, int width);

// Header row; sorted_column gets a "▼" (descending order, the only one the views use).
void draw_header(Canvas& canvas, Rect row, std::span<const Column> columns, std::span<const int> widths,
                 int sorted_column = -1);

// One data row. Marked rows carry "●" in the first column's gutter; cursor/marked restyle the
// whole row so it reads the same on 8-color terminals.
void draw_row(Canvas& canvas, Rect row, std::span<const Column> columns, std::span<const int> widths,
              std::span<const TableCell> cells, RowMark mark = RowMark::None);

// The first row index to show so that cursor stays visible in `visible` rows, moving as little
// as possible from the previous offset.
int scroll_offset(int previous, int cursor, int count, int visible);

}  // namespace pt::ui::widgets

#include "ui/canvas.hpp"

#include <algorithm>

namespace pt::ui {

Rect take_top(Rect& r, int rows) {
  rows = std::clamp(rows, 0, std::max(r.h, 0));
  const Rect top{r.x, r.y, r.w, rows};
  r.y += rows;
  r.h -= rows;
  return top;
}

Rect take_bottom(Rect& r, int rows) {
  rows = std::clamp(rows, 0, std::max(r.h, 0));
  r.h -= rows;
  return {r.x, r.y + r.h, r.w, rows};
}

Rect take_left(Rect& r, int cols) {
  cols = std::clamp(cols, 0, std::max(r.w, 0));
  const Rect left{r.x, r.y, cols, r.h};
  r.x += cols;
  r.w -= cols;
  return left;
}

namespace {

std::vector<int> split_sizes(int total, std::initializer_list<int> weights) {
  int sum = 0;
  for (int w : weights) sum += std::max(w, 0);
  std::vector<int> sizes;
  int used = 0;
  int acc = 0;
  for (int w : weights) {
    acc += std::max(w, 0);
    const int end = sum > 0 ? total * acc / sum : 0;  // cumulative, so rounding never loses a cell
    sizes.push_back(end - used);
    used = end;
  }
  return sizes;
}

}  // namespace

std::vector<Rect> split_columns(Rect r, std::initializer_list<int> weights) {
  std::vector<Rect> out;
  int x = r.x;
  for (int w : split_sizes(r.w, weights)) {
    out.push_back({x, r.y, w, r.h});
    x += w;
  }
  return out;
}

std::vector<Rect> split_rows(Rect r, std::initializer_list<int> weights) {
  std::vector<Rect> out;
  int y = r.y;
  for (int h : split_sizes(r.h, weights)) {
    out.push_back({r.x, y, r.w, h});
    y += h;
  }
  return out;
}

void Canvas::resize(int width, int height) {
  width_ = std::max(width, 0);
  height_ = std::max(height, 0);
  cells_.assign(static_cast<std::size_t>(width_) * static_cast<std::size_t>(height_), Cell{});
}

void Canvas::clear() { std::fill(cells_.begin(), cells_.end(), Cell{}); }

void Canvas::put(int x, int y, char32_t ch, Style style) {
  if (!inside(x, y)) return;
  const int w = cell_width(ch);
  if (w == 0) return;
  // Overwriting half of a wide glyph would leave the other half dangling: blank it.
  Cell& cell = cells_[index(x, y)];
  if (cell.ch == 0 && x > 0) cells_[index(x - 1, y)].ch = U' ';
  if (x + 1 < width_ && cells_[index(x + 1, y)].ch == 0) cells_[index(x + 1, y)].ch = U' ';
  if (w == 2) {
    if (x + 1 >= width_) {
      cell = {U' ', style};  // a wide glyph never straddles the edge
      return;
    }
    if (x + 2 < width_ && cells_[index(x + 2, y)].ch == 0) cells_[index(x + 2, y)].ch = U' ';
    cell = {ch, style};
    cells_[index(x + 1, y)] = {0, style};
    return;
  }
  cell = {ch, style};
}

int Canvas::text(int x, int y, std::string_view utf8, Style style, int max_width, Elide elide) {
  if (max_width <= 0 || y < 0 || y >= height_) return 0;
  const std::string shown = fit(utf8, max_width, elide);
  int used = 0;
  for (std::size_t i = 0; i < shown.size();) {
    const auto cp = next_code_point(shown, i);
    i += cp.length;
    const int w = cell_width(cp.value);
    if (w == 0) continue;
    put(x + used, y, cp.value, style);
    used += w;
  }
  return used;
}

void Canvas::field(int x, int y, int width, std::string_view utf8, Style style, Align align, Elide elide) {
  if (width <= 0) return;
  text(x, y, pad(utf8, width, align, elide), style, width);
}

void Canvas::fill(Rect area, char32_t ch, Style style) {
  for (int y = std::max(area.y, 0); y < std::min(area.bottom(), height_); ++y) {
    for (int x = std::max(area.x, 0); x < std::min(area.right(), width_); ++x) put(x, y, ch, style);
  }
}

void Canvas::restyle(Rect area, Style style) {
  for (int y = std::max(area.y, 0); y < std::min(area.bottom(), height_); ++y) {
    for (int x = std::max(area.x, 0); x < std::min(area.right(), width_); ++x) cells_[index(x, y)].style = style;
  }
}

std::string Canvas::row_text(int y) const {
  std::string out;
  if (y < 0 || y >= height_) return out;
  for (int x = 0; x < width_; ++x) {
    const char32_t ch = cells_[index(x, y)].ch;
    if (ch != 0) append_utf8(out, ch);
  }
  const auto end = out.find_last_not_of(' ');
  out.erase(end == std::string::npos ? 0 : end + 1);
  return out;
}

std::string Canvas::to_text() const {
  std::string out;
  for (int y = 0; y < height_; ++y) {
    out += row_text(y);
    out += '\n';
  }
  return out;
}

}  // namespace pt::ui

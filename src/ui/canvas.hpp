#pragma once
// A grid of cells (one code point and one style each) that views draw into. It knows nothing of
// terminals: the terminal copies it to the screen, tests turn it into text. Drawing outside the
// grid is clipped, so views never need bounds checks of their own.

#include <cstdint>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

#include "ui/style.hpp"
#include "ui/text.hpp"

namespace pt::ui {

struct Rect {
  int x = 0;
  int y = 0;
  int w = 0;
  int h = 0;
  [[nodiscard]] bool empty() const { return w <= 0 || h <= 0; }
  [[nodiscard]] int right() const { return x + w; }
  [[nodiscard]] int bottom() const { return y + h; }
  // The rect shrunk by n cells on every side.
  [[nodiscard]] Rect inset(int n) const { return {x + n, y + n, w - 2 * n, h - 2 * n}; }
  friend bool operator==(const Rect&, const Rect&) = default;
};

// Cuts the top rows off r and returns them; r keeps the rest.
Rect take_top(Rect& r, int rows);
Rect take_bottom(Rect& r, int rows);
Rect take_left(Rect& r, int cols);
// Splits r into side-by-side (columns) or stacked (rows) parts sized by weight.
std::vector<Rect> split_columns(Rect r, std::initializer_list<int> weights);
std::vector<Rect> split_rows(Rect r, std::initializer_list<int> weights);

struct Cell {
  char32_t ch = U' ';  // 0 marks the right half of a wide glyph to its left
  Style style = Style::Normal;
  friend bool operator==(const Cell&, const Cell&) = default;
};

class Canvas {
 public:
  Canvas() = default;
  Canvas(int width, int height) { resize(width, height); }

  void resize(int width, int height);
  void clear();
  [[nodiscard]] int width() const { return width_; }
  [[nodiscard]] int height() const { return height_; }
  [[nodiscard]] Rect bounds() const { return {0, 0, width_, height_}; }
  [[nodiscard]] const Cell& at(int x, int y) const { return cells_[index(x, y)]; }

  void put(int x, int y, char32_t ch, Style style);
  // Draws utf8 at (x, y) within max_width cells (cut with "…" when longer); returns cells used.
  int text(int x, int y, std::string_view utf8, Style style, int max_width = 1 << 20, Elide elide = Elide::Right);
  // Draws exactly width cells: text aligned and padded with spaces of the same style.
  void field(int x, int y, int width, std::string_view utf8, Style style, Align align = Align::Left,
             Elide elide = Elide::Right);
  void fill(Rect area, char32_t ch, Style style);
  // Changes the style of cells already drawn (cursor and marked rows keep their text).
  void restyle(Rect area, Style style);

  // Rows as text, trailing spaces trimmed, joined by '\n'. Styles are dropped.
  [[nodiscard]] std::string to_text() const;
  [[nodiscard]] std::string row_text(int y) const;

 private:
  [[nodiscard]] bool inside(int x, int y) const { return x >= 0 && y >= 0 && x < width_ && y < height_; }
  [[nodiscard]] std::size_t index(int x, int y) const {
    return static_cast<std::size_t>(y) * static_cast<std::size_t>(width_) + static_cast<std::size_t>(x);
  }

  int width_ = 0;
  int height_ = 0;
  std::vector<Cell> cells_;
};

}  // namespace pt::ui

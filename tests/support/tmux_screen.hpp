#pragma once
// Reads what `tmux capture-pane -p -e` prints: the screen's text line by line, with the colors
// and attributes each stretch of text was drawn in (SGR state), so end-to-end tests can see
// which row carries a highlight, not only which characters are on the screen.

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace pt::test {

// One stretch of text's look. Colors are palette indexes (0-255) or kTmuxDefaultColor.
inline constexpr int kTmuxDefaultColor = -1;
struct TmuxStyle {
  int fg = kTmuxDefaultColor;
  int bg = kTmuxDefaultColor;
  bool bold = false;
  bool reverse = false;
  friend bool operator==(const TmuxStyle&, const TmuxStyle&) = default;
};

// Bytes [begin, end) of a line's text drawn in one style.
struct TmuxSpan {
  std::size_t begin = 0;
  std::size_t end = 0;
  TmuxStyle style;
};

struct TmuxLine {
  std::string text;  // UTF-8, escapes removed
  std::vector<TmuxSpan> spans;

  // True when some text on the line is drawn on this background color.
  [[nodiscard]] bool has_background(int bg) const;
  // The text drawn on this background (spans joined in order).
  [[nodiscard]] std::string text_on_background(int bg) const;
};

// Parses capture-pane -e output. The SGR state carries over line ends, as tmux emits it.
std::vector<TmuxLine> parse_tmux_capture(std::string_view captured);

// Plain capture-pane -p output split into lines (no trailing empty line).
std::vector<std::string> split_screen_lines(std::string_view captured);

// Columns a UTF-8 string takes on a terminal, counting every code point as one column (the
// dashboard draws no wide glyphs in its frames).
int display_columns(std::string_view utf8);

}  // namespace pt::test

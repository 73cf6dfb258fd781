#pragma once
// Cell widths and fitting of UTF-8 text, independent of the process locale so that views render
// the same in tests as on a terminal. Invalid UTF-8 decodes to U+FFFD, one cell wide.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace pt::ui {

struct CodePoint {
  char32_t value = 0;
  std::size_t length = 0;  // bytes consumed (at least 1 while input remains)
};

// Decodes the code point starting at byte i of s (RFC 3629 rules).
CodePoint next_code_point(std::string_view s, std::size_t i);

// Terminal cells a code point takes: 0 (combining, zero-width), 1, or 2 (East Asian wide, emoji).
int cell_width(char32_t c);
int text_width(std::string_view utf8);

void append_utf8(std::string& out, char32_t c);

enum class Elide : std::uint8_t { Right, Left };  // where "…" replaces what does not fit

// Cuts text to at most width cells, replacing the cut part with "…".
std::string fit(std::string_view utf8, int width, Elide elide = Elide::Right);

enum class Align : std::uint8_t { Left, Right, Center };

// fit() and pad with spaces to exactly width cells.
std::string pad(std::string_view utf8, int width, Align align = Align::Left, Elide elide = Elide::Right);

}  // namespace pt::ui

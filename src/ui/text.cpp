#include "ui/text.hpp"

#include <algorithm>
#include <array>
#include <utility>
#include <vector>

namespace pt::ui {
namespace {

constexpr char32_t kReplacement = 0xFFFD;
constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026, one cell

struct Range {
  char32_t first;
  char32_t last;
};

// Wide (2-cell) ranges from Unicode's EastAsianWidth.txt (W and F) plus the emoji blocks that
// terminals draw two cells wide; the same ranges wcwidth() uses in glibc's C.UTF-8.
constexpr std::array<Range, 16> kWide{{
    {0x1100, 0x115F},
    {0x2E80, 0x303E},
    {0x3041, 0x33FF},
    {0x3400, 0x4DBF},
    {0x4E00, 0x9FFF},
    {0xA000, 0xA4CF},
    {0xAC00, 0xD7A3},
    {0xF900, 0xFAFF},
    {0xFE30, 0xFE4F},
    {0xFF00, 0xFF60},
    {0xFFE0, 0xFFE6},
    {0x1F300, 0x1F64F},
    {0x1F900, 0x1F9FF},
    {0x1FA70, 0x1FAFF},
    {0x20000, 0x2FFFD},
    {0x30000, 0x3FFFD},
}};

// Zero-width: combining marks and format characters a cell grid cannot place on their own.
constexpr std::array<Range, 9> kZero{{
    {0x0300, 0x036F},
    {0x0483, 0x0489},
    {0x0591, 0x05BD},
    {0x1AB0, 0x1AFF},
    {0x1DC0, 0x1DFF},
    {0x200B, 0x200F},
    {0x20D0, 0x20FF},
    {0xFE00, 0xFE0F},
    {0xFE20, 0xFE2F},
}};

bool in(const auto& ranges, char32_t c) {
  return std::any_of(ranges.begin(), ranges.end(), [c](const Range& r) { return c >= r.first && c <= r.last; });
}

}  // namespace

CodePoint next_code_point(std::string_view s, std::size_t i) {
  const auto b0 = static_cast<unsigned char>(s[i]);
  if (b0 < 0x80) return {b0, 1};
  std::size_t len = 0;
  char32_t cp = 0;
  if ((b0 & 0xE0U) == 0xC0U) {
    len = 2;
    cp = b0 & 0x1FU;
  } else if ((b0 & 0xF0U) == 0xE0U) {
    len = 3;
    cp = b0 & 0x0FU;
  } else if ((b0 & 0xF8U) == 0xF0U) {
    len = 4;
    cp = b0 & 0x07U;
  } else {
    return {kReplacement, 1};
  }
  if (i + len > s.size()) return {kReplacement, 1};
  for (std::size_t k = 1; k < len; ++k) {
    const auto b = static_cast<unsigned char>(s[i + k]);
    if ((b & 0xC0U) != 0x80U) return {kReplacement, 1};
    cp = (cp << 6U) | (b & 0x3FU);
  }
  static constexpr std::array<char32_t, 5> kMin{0, 0, 0x80, 0x800, 0x10000};
  if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return {kReplacement, 1};
  return {cp, len};
}

int cell_width(char32_t c) {
  if (c < 0x300) return 1;
  if (in(kZero, c)) return 0;
  if (in(kWide, c)) return 2;
  return 1;
}

int text_width(std::string_view utf8) {
  int width = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const auto cp = next_code_point(utf8, i);
    width += cell_width(cp.value);
    i += cp.length;
  }
  return width;
}

void append_utf8(std::string& out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0U | (c >> 6U));
    out += static_cast<char>(0x80U | (c & 0x3FU));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0U | (c >> 12U));
    out += static_cast<char>(0x80U | ((c >> 6U) & 0x3FU));
    out += static_cast<char>(0x80U | (c & 0x3FU));
  } else {
    out += static_cast<char>(0xF0U | (c >> 18U));
    out += static_cast<char>(0x80U | ((c >> 12U) & 0x3FU));
    out += static_cast<char>(0x80U | ((c >> 6U) & 0x3FU));
    out += static_cast<char>(0x80U | (c & 0x3FU));
  }
}

namespace {

// The longest prefix of utf8 that fits in width cells; returns its byte length.
std::size_t prefix_fitting(std::string_view utf8, int width) {
  int used = 0;
  std::size_t i = 0;
  while (i < utf8.size()) {
    const auto cp = next_code_point(utf8, i);
    const int w = cell_width(cp.value);
    if (used + w > width) break;
    used += w;
    i += cp.length;
  }
  return i;
}

// The longest suffix of utf8 that fits in width cells; returns its starting byte.
std::size_t suffix_fitting(std::string_view utf8, int width) {
  std::vector<std::pair<std::size_t, int>> points;  // (start, width)
  for (std::size_t i = 0; i < utf8.size();) {
    const auto cp = next_code_point(utf8, i);
    points.emplace_back(i, cell_width(cp.value));
    i += cp.length;
  }
  int used = 0;
  std::size_t start = utf8.size();
  for (auto it = points.rbegin(); it != points.rend(); ++it) {
    if (used + it->second > width) break;
    used += it->second;
    start = it->first;
  }
  return start;
}

}  // namespace

std::string fit(std::string_view utf8, int width, Elide elide) {
  if (width <= 0) return {};
  const std::size_t all = prefix_fitting(utf8, width);
  if (all == utf8.size()) return std::string(utf8);
  if (width == 1) return std::string(kEllipsis);
  if (elide == Elide::Left) {
    std::string out(kEllipsis);
    out += utf8.substr(suffix_fitting(utf8, width - 1));
    return out;
  }
  std::string out(utf8.substr(0, prefix_fitting(utf8, width - 1)));
  out += kEllipsis;
  return out;
}

std::string pad(std::string_view utf8, int width, Align align, Elide elide) {
  std::string body = fit(utf8, width, elide);
  const int gap = width - text_width(body);
  if (gap <= 0) return body;
  const auto g = static_cast<std::size_t>(gap);
  switch (align) {
    case Align::Left: return body + std::string(g, ' ');
    case Align::Right: return std::string(g, ' ') + body;
    case Align::Center: return std::string(g / 2, ' ') + body + std::string(g - g / 2, ' ');
  }
  return body;
}

}  // namespace pt::ui

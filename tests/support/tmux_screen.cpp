#include "support/tmux_screen.hpp"

#include <charconv>

namespace pt::test {
namespace {

std::vector<int> sgr_params(std::string_view body) {
  std::vector<int> out;
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t end = body.find_first_of(";:", start);
    if (end == std::string_view::npos) end = body.size();
    int value = 0;  // an empty parameter means 0 (ECMA-48)
    std::from_chars(body.data() + start, body.data() + end, value);
    out.push_back(value);
    start = end + 1;
  }
  return out;
}

// Applies one CSI ... m sequence (ECMA-48 SGR, with the xterm 256-color extension).
void apply_sgr(TmuxStyle& style, std::string_view body) {
  const std::vector<int> p = sgr_params(body);
  for (std::size_t i = 0; i < p.size(); ++i) {
    const int v = p[i];
    if (v == 0) {
      style = TmuxStyle{};
    } else if (v == 1) {
      style.bold = true;
    } else if (v == 22) {
      style.bold = false;
    } else if (v == 7) {
      style.reverse = true;
    } else if (v == 27) {
      style.reverse = false;
    } else if (v >= 30 && v <= 37) {
      style.fg = v - 30;
    } else if (v >= 90 && v <= 97) {
      style.fg = v - 90 + 8;
    } else if (v >= 40 && v <= 47) {
      style.bg = v - 40;
    } else if (v >= 100 && v <= 107) {
      style.bg = v - 100 + 8;
    } else if (v == 39) {
      style.fg = kTmuxDefaultColor;
    } else if (v == 49) {
      style.bg = kTmuxDefaultColor;
    } else if ((v == 38 || v == 48) && i + 1 < p.size()) {
      int* target = v == 38 ? &style.fg : &style.bg;
      if (p[i + 1] == 5 && i + 2 < p.size()) {
        *target = p[i + 2];
        i += 2;
      } else if (p[i + 1] == 2) {
        *target = kTmuxDefaultColor;  // direct color: not used by the dashboard
        i += 4;
      }
    }
  }
}

void append(TmuxLine& line, char c, const TmuxStyle& style) {
  const std::size_t at = line.text.size();
  line.text.push_back(c);
  if (!line.spans.empty() && line.spans.back().style == style && line.spans.back().end == at) {
    line.spans.back().end = at + 1;
  } else {
    line.spans.push_back({at, at + 1, style});
  }
}

}  // namespace

bool TmuxLine::has_background(int bg) const {
  for (const auto& s : spans) {
    if (s.style.bg == bg) return true;
  }
  return false;
}

std::string TmuxLine::text_on_background(int bg) const {
  std::string out;
  for (const auto& s : spans) {
    if (s.style.bg == bg) out += text.substr(s.begin, s.end - s.begin);
  }
  return out;
}

std::vector<TmuxLine> parse_tmux_capture(std::string_view captured) {
  std::vector<TmuxLine> lines(1);
  TmuxStyle style;
  std::size_t i = 0;
  while (i < captured.size()) {
    const char c = captured[i];
    if (c == '\x1b' && i + 1 < captured.size() && captured[i + 1] == '[') {
      std::size_t j = i + 2;
      while (j < captured.size() && (captured[j] < 0x40 || captured[j] > 0x7e)) ++j;
      if (j < captured.size() && captured[j] == 'm') apply_sgr(style, captured.substr(i + 2, j - i - 2));
      i = j + 1;
      continue;
    }
    if (c == '\x1b') {  // ESC ( B and the like (character set designation, ECMA-35): no text
      const bool designation =
          i + 1 < captured.size() && std::string_view("()*+").find(captured[i + 1]) != std::string_view::npos;
      i += designation ? 3 : 2;
      continue;
    }
    if (c == '\n') {
      lines.emplace_back();
    } else {
      append(lines.back(), c, style);
    }
    ++i;
  }
  if (lines.back().text.empty()) lines.pop_back();
  return lines;
}

std::vector<std::string> split_screen_lines(std::string_view captured) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start < captured.size()) {
    std::size_t end = captured.find('\n', start);
    if (end == std::string_view::npos) end = captured.size();
    out.emplace_back(captured.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

int display_columns(std::string_view utf8) {
  int n = 0;
  for (const char c : utf8) {
    if ((static_cast<unsigned char>(c) & 0xC0U) != 0x80U) ++n;  // count lead bytes only
  }
  return n;
}

}  // namespace pt::test

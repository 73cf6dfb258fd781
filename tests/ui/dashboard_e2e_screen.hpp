#pragma once
// Reading the dashboard off a captured screen: the Traffic table's rows, which of them carries
// the cursor highlight, the panel titles, the status bar, and whether the frame fits the window.

#include <algorithm>
#include <array>
#include <chrono>
#include <cstdio>
#include <optional>
#include <regex>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "support/tmux_screen.hpp"
#include "ui/tmux_session.hpp"

namespace pt::ui::e2e {

// Background colors of the 256-color palette (src/ui/terminal.cpp, kLooks) that mark rows.
inline constexpr int kCursorBackground = 110;
inline constexpr int kCursorMarkedBackground = 220;
inline constexpr int kActiveTabBackground = 75;

inline bool contains(const std::optional<std::string>& screen, std::string_view text) {
  return screen && screen->find(text) != std::string::npos;
}

// One capture of the screen: its text and the look of every stretch of it.
struct Shot {
  std::vector<test::TmuxLine> styled;
  std::string text;
};

inline Shot take_shot(testing::TmuxSession& tmux) {
  Shot shot;
  shot.styled = tmux.styled_screen();
  for (const auto& line : shot.styled) shot.text += line.text + "\n";
  return shot;
}

// Polls until pred(shot) holds on two captures a frame period apart, and returns the second;
// nullopt when the deadline passes first. One capture is not enough: the dashboard writes a
// frame in several chunks and tmux shows each as it arrives, so a capture can catch the top of
// a new frame over the bottom of the old one (the title says "sort bytes", the rows are still
// in the previous order).
template <typename Pred>
std::optional<Shot> wait_shot(testing::TmuxSession& tmux, Pred pred, std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred(take_shot(tmux))) {
      std::this_thread::sleep_for(testing::TmuxSession::kSettle);
      Shot again = take_shot(tmux);
      if (pred(again)) return again;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return std::nullopt;
}

// One row of the Traffic view's flow table.
struct FlowLine {
  bool marked = false;  // "●" in the gutter
  std::string source;
  std::string destination;
  std::string proto;
  double bytes = 0;  // Sent + Recv as shown (rounded by the display)
  double packets = 0;
  std::string text;  // the whole row
  [[nodiscard]] std::string key() const { return proto + " " + source + " " + destination; }
};

inline double shown_number(const std::string& number, const std::string& unit) {
  double v = std::stod(number);
  if (unit == "KB") v *= 1024;
  if (unit == "MB") v *= 1024.0 * 1024;
  if (unit == "GB") v *= 1024.0 * 1024 * 1024;
  if (unit == "k") v *= 1e3;
  if (unit == "M") v *= 1e6;
  return v;
}

// "│● 10.0.0.1:5000  10.0.0.2:80  name  TCP  1.2 KB  40 KB  812  Location  App │"
inline std::optional<FlowLine> parse_flow_line(const std::string& line) {
  static const std::regex row(
      R"(^│((?:●)?)\s*(\S+)\s+(\S+)\s+.*?\b(TCP|UDP|ICMP6?|IGMP|GRE|ESP|SCTP|[0-9]+)\s+)"
      R"((\d+(?:\.\d+)?) (B|KB|MB|GB)\s+(\d+(?:\.\d+)?) (B|KB|MB|GB)\s+(\d+(?:\.\d+)?)(k|M)?\s)");
  std::smatch m;
  if (!std::regex_search(line, m, row)) return std::nullopt;
  FlowLine f;
  f.marked = m[1].length() > 0;
  f.source = m[2].str();
  f.destination = m[3].str();
  f.proto = m[4].str();
  f.bytes = shown_number(m[5].str(), m[6].str()) + shown_number(m[7].str(), m[8].str());
  f.packets = shown_number(m[9].str(), m[10].str());
  f.text = line;
  return f;
}

// The lines of the table in the Traffic view: after its header row up to the frame's bottom.
inline std::vector<std::string> table_lines(const std::vector<std::string>& lines, std::string_view header) {
  std::vector<std::string> out;
  bool inside = false;
  for (const auto& line : lines) {
    if (!inside) {
      inside = line.find(header) != std::string::npos;
      continue;
    }
    if (line.rfind("└", 0) == 0) break;
    out.push_back(line);
  }
  return out;
}

inline std::vector<FlowLine> flow_rows(const std::string& screen) {
  std::vector<FlowLine> rows;
  for (const auto& line : table_lines(test::split_screen_lines(screen), "Source")) {
    if (auto f = parse_flow_line(line)) rows.push_back(*f);
  }
  return rows;
}

inline std::vector<std::string> row_keys(const std::vector<FlowLine>& rows) {
  std::vector<std::string> keys;
  keys.reserve(rows.size());
  for (const auto& r : rows) keys.push_back(r.key());
  return keys;
}

// Index (among the table's rows) of the row drawn with the cursor highlight; -1 when none.
inline int cursor_row(const std::vector<test::TmuxLine>& styled, std::string_view header = "Source") {
  int index = -1;
  bool inside = false;
  for (const auto& line : styled) {
    if (!inside) {
      inside = line.text.find(header) != std::string::npos;
      continue;
    }
    if (line.text.rfind("└", 0) == 0) break;
    ++index;
    if (line.has_background(kCursorBackground) || line.has_background(kCursorMarkedBackground)) return index;
  }
  return -1;
}

// "Flows 1-39 of 68" → {1, 39, 68}; nullopt when the title has no range.
struct Range {
  int first = 0;
  int last = 0;
  int total = 0;
};
inline std::optional<Range> title_range(const std::string& screen, const std::string& what = "Flows") {
  const std::regex title(what + R"( (\d+)-(\d+) of (\d+))");
  std::smatch m;
  if (!std::regex_search(screen, m, title)) return std::nullopt;
  return Range{std::stoi(m[1].str()), std::stoi(m[2].str()), std::stoi(m[3].str())};
}

// A count as the status bar shows it (src/ui/format.cpp human_count): "147", "2.0k", "12k".
inline std::string status_count(int n) {
  if (n < 1000) return std::to_string(n);
  const double k = n / 1000.0;
  std::array<char, 32> buf{};
  std::snprintf(buf.data(), buf.size(), k < 9.95 ? "%.1fk" : "%.0fk", k);
  return buf.data();
}

inline std::string status_line(const std::string& screen) {
  const auto lines = test::split_screen_lines(screen);
  for (auto it = lines.rbegin(); it != lines.rend(); ++it) {
    if (!it->empty()) return *it;
  }
  return {};
}

// The tab of the view shown is the one drawn on the active tab's background.
inline bool active_tab_is(const std::vector<test::TmuxLine>& styled, const std::string& label) {
  return !styled.empty() && styled.front().text_on_background(kActiveTabBackground).find(label) != std::string::npos;
}

// The Traffic view filling a w x h window: the tab line on top, one box from line 2 to the line
// above the hint line whose sides are on the window's edges (nothing of an older, larger frame
// is left), the hint line and the status bar at the bottom. Returns what is wrong, empty if fine.
inline std::string frame_problem(const std::string& screen, int w, int h) {
  const auto lines = test::split_screen_lines(screen);
  if (static_cast<int>(lines.size()) != h) return "screen has " + std::to_string(lines.size()) + " lines";
  if (lines[0].find("PacketTracer") == std::string::npos) return "no tab line";
  for (int y = 0; y < h; ++y) {
    if (test::display_columns(lines[static_cast<std::size_t>(y)]) > w) return "line " + std::to_string(y) + " too wide";
  }
  const std::string& top = lines[1];
  if (top.rfind("┌", 0) != 0 || !top.ends_with("┐") || test::display_columns(top) != w) return "top border: " + top;
  int bottom = -1;
  for (int y = h - 3; y > 1; --y) {
    if (lines[static_cast<std::size_t>(y)].rfind("└", 0) == 0) {
      bottom = y;
      break;
    }
  }
  if (bottom != h - 3) return "the frame does not end above the hint line";
  const std::string& last = lines[static_cast<std::size_t>(bottom)];
  if (!last.ends_with("┘") || test::display_columns(last) != w) return "bottom border: " + last;
  for (int y = 2; y < bottom; ++y) {
    const std::string& side = lines[static_cast<std::size_t>(y)];
    if (side.rfind("│", 0) != 0 || !side.ends_with("│") || test::display_columns(side) != w) {
      return "line " + std::to_string(y) + " is not inside the frame: " + side;
    }
  }
  return {};
}

}  // namespace pt::ui::e2e

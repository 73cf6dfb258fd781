#include "ui/views/chrome.hpp"

#include <algorithm>
#include <array>

#include "ui/format.hpp"
#include "ui/keymap.hpp"
#include "ui/widgets/panel.hpp"

namespace pt::ui::views {
namespace {

struct Hint {
  std::string_view key;
  std::string_view what;
};

constexpr std::array kTrafficHints{Hint{"↑↓", "move"},  Hint{"Space", "select"}, Hint{"Enter", "trace"},
                                   Hint{"/", "filter"}, Hint{":", "port"},       Hint{"f", "proto"},
                                   Hint{"s", "sort"},   Hint{"g", "group"},      Hint{"l", "local"},
                                   Hint{"a", "all"},    Hint{"c", "clear"},      Hint{"t", "trace sel."}};
constexpr std::array kPathsHints{Hint{"↑↓", "pick trace"}, Hint{"s", "trace selected"}, Hint{"r", "refresh"},
                                 Hint{"c", "clear"}, Hint{"t", "trace"}};
constexpr std::array kPortsHints{Hint{"↑↓", "move"}, Hint{"s", "sort"}, Hint{"p", "pause"}};
constexpr std::array kOtherHints{Hint{"1-5", "views"}, Hint{"p", "pause"}, Hint{"t", "trace selected"}};

std::span<const Hint> hints_for(View v) {
  switch (v) {
    case View::Traffic: return kTrafficHints;
    case View::Paths: return kPathsHints;
    case View::Ports: return kPortsHints;
    case View::Stats:
    case View::Analysis: return kOtherHints;
  }
  return {};
}

void draw_prompt(Canvas& canvas, Rect row, const PromptState& p) {
  canvas.fill(row, U' ', Style::Prompt);
  const std::string label = p.kind == PromptKind::IpFilter ? " Filter IP or name: " : " Filter port: ";
  int x = row.x + canvas.text(row.x, row.y, label, Style::Prompt, row.w);
  x += canvas.text(x, row.y, p.text, Style::Prompt, row.right() - x - 1, Elide::Left);
  canvas.put(x++, row.y, U'█', Style::Prompt);  // the cursor
  const std::string help = p.error.empty() ? "  Enter apply · Esc cancel" : "  " + p.error;
  canvas.text(x, row.y, help, p.error.empty() ? Style::Prompt : Style::Alert, row.right() - x);
}

// One status-bar segment; returns the x after it.
int segment(Canvas& canvas, int x, Rect row, const std::string& text, Style style) {
  if (x >= row.right()) return x;
  if (x > row.x) x += canvas.text(x, row.y, " │ ", Style::StatusBar, row.right() - x);
  return x + canvas.text(x, row.y, text, style, row.right() - x);
}

std::string state_text(const CaptureStatus& s) {
  if (s.paused) return "❚❚ PAUSED";
  if (s.mode == CaptureMode::Replay) {
    if (s.finished) return "■ REPLAY DONE";
    return "▶ REPLAY " + percent(std::clamp(s.replay_progress, 0.0, 1.0));
  }
  return "● LIVE";
}

Style state_style(const CaptureStatus& s) {
  if (s.paused) return Style::Warn;
  return s.mode == CaptureMode::Replay && !s.finished ? Style::Accent : Style::Good;
}

}  // namespace

void draw_tabs(Canvas& canvas, Rect row, const Frame& frame) {
  canvas.fill(row, U' ', Style::TabInactive);
  int x = row.x + canvas.text(row.x, row.y, " PacketTracer ", Style::Title, row.w);
  for (int i = 0; i < kViewCount; ++i) {
    const auto v = static_cast<View>(i);
    const std::string label = " " + std::to_string(i + 1) + " " + std::string(to_string(v)) + " ";
    x += canvas.text(x, row.y, label, v == frame.state.view ? Style::TabActive : Style::TabInactive, row.right() - x);
  }
  const std::string right = "? help  q quit ";
  const int w = text_width(right);
  if (row.right() - x > w + 1) canvas.text(row.right() - w, row.y, right, Style::TabInactive, w);
}

void draw_hint_line(Canvas& canvas, Rect row, const Frame& frame) {
  const ViewState& s = frame.state;
  if (s.prompt.kind != PromptKind::None) {
    draw_prompt(canvas, row, s.prompt);
    return;
  }
  canvas.fill(row, U' ', Style::Normal);
  if (!s.message.empty() && frame.now < s.message_until) {
    canvas.text(row.x + 1, row.y, s.message, Style::Accent, row.w - 1);
    return;
  }
  int x = row.x + 1;
  for (const Hint& h : hints_for(s.view)) {
    const int need = text_width(h.key) + text_width(h.what) + 3;
    if (x + need > row.right()) break;
    x += canvas.text(x, row.y, h.key, Style::StatusKey);
    x += canvas.text(x, row.y, " ", Style::Normal);
    x += canvas.text(x, row.y, h.what, Style::Dim);
    x += 2;
  }
}

void draw_status_bar(Canvas& canvas, Rect row, const Frame& frame) {
  const CaptureStatus& st = frame.status;
  const auto& snap = frame.snapshot;
  canvas.fill(row, U' ', Style::StatusBar);
  int x = row.x + canvas.text(row.x, row.y, " ", Style::StatusBar);
  x += canvas.text(x, row.y, (st.source.empty() ? std::string("—") : st.source) + " ", Style::StatusBar, row.w / 3);
  x += canvas.text(x, row.y, state_text(st), state_style(st), row.right() - x);
  x = segment(canvas, x, row, human_rate(snap.traffic.current.packets_per_second, "pkt/s"), Style::StatusBar);
  x = segment(canvas, x, row, human_bits_per_second(snap.traffic.current.bits_per_second), Style::StatusBar);
  x = segment(canvas, x, row, human_count(snap.flows.size()) + " flows", Style::StatusBar);
  x = segment(canvas, x, row, "drops " + human_count(st.kernel_drops),
              st.kernel_drops > 0 ? Style::Alert : Style::StatusBar);
  if (st.database) {
    std::string db = "db " + human_count(st.db_queue) + " queued";
    if (st.db_lag.count() > 0) db += " · lag " + std::to_string(st.db_lag.count()) + " ms";
    if (st.db_dropped > 0) db += " · " + human_count(st.db_dropped) + " dropped";
    x = segment(canvas, x, row, db,
                st.db_dropped > 0 ? Style::Alert : (st.db_lag.count() > 1000 ? Style::Warn : Style::StatusBar));
  } else {
    x = segment(canvas, x, row, "no db", Style::StatusBar);
  }
  x = segment(canvas, x, row, "resolver " + human_count(st.resolver_queue), Style::StatusBar);
  if (!st.warnings.empty()) {
    const std::string w = "⚠ " + std::to_string(st.warnings.size()) + ": " + st.warnings.back();
    segment(canvas, x, row, w, Style::Warn);
  }
}

void draw_help(Canvas& canvas, Rect screen, View view) {
  const auto global = global_bindings();
  const auto local = view_bindings(view);
  const int rows = static_cast<int>(global.size() + local.size()) + 5;
  const int w = std::min(screen.w - 2, 64);
  const int h = std::min(screen.h - 2, rows);
  if (w < 20 || h < 5) return;
  const Rect box{screen.x + (screen.w - w) / 2, screen.y + (screen.h - h) / 2, w, h};
  canvas.fill(box, U' ', Style::Normal);
  const Rect inner = widgets::panel(canvas, box, "Keys · " + std::string(to_string(view)) + " view", "any key closes");
  int y = inner.y;
  auto section = [&](std::string_view title, std::span<const Binding> bindings) {
    if (bindings.empty() || y >= inner.bottom()) return;
    canvas.text(inner.x, y++, title, Style::Title, inner.w);
    for (const auto& b : bindings) {
      if (y >= inner.bottom()) return;
      canvas.field(inner.x + 1, y, 7, b.label, Style::StatusKey);
      canvas.text(inner.x + 9, y++, b.description, Style::Normal, inner.w - 9);
    }
  };
  section(std::string(to_string(view)) + " view", local);
  if (!local.empty()) ++y;
  section("Everywhere", global);
}

void draw_too_small(Canvas& canvas, int min_width, int min_height) {
  canvas.clear();
  canvas.text(0, 0, "Terminal too small", Style::Warn, canvas.width());
  const std::string size = std::to_string(canvas.width()) + "x" + std::to_string(canvas.height()) + ", need " +
                           std::to_string(min_width) + "x" + std::to_string(min_height);
  canvas.text(0, 1, size, Style::Normal, canvas.width());
  canvas.text(0, 2, "q quits", Style::Dim, canvas.width());
}

}  // namespace pt::ui::views

// View 2 — Paths.
//
//  ┌─ Traces ──────────────────────────┐┌─ 8.8.8.8 dns.google · reached in 9 hops ──────────────────────┐
//  │▶ 8.8.8.8    dns.google  done    9  ││ Hop IP            FQDN           RTT      Loss Location  Owner/ASN │
//  │  1.1.1.1    one.one.one running 4  ││   1 192.168.1.1   router.lan     0.42 ms    0% Private   …         │
//  │                                    ││   2 *                                     100%                     │
//  └────────────────────────────────────┘└──────────────────────────────────────────────────────────────┘
//  ┌─ Hop summary · passive TTL ─────── selected ─┐┌─ Route history & changes ───────────────────────────┐
//  │ Address     FQDN       Hops  Traced Owner  Loc││ 14:03 8.8.8.8 hop 3 10.0.0.1 → 10.0.0.9 new hop     │
//  └──────────────────────────────────────────────┘└────────────────────────────────────────────────────┘
// ↑/↓ pick the trace shown in detail. With a selection, the hop summary keeps the selected
// flows' addresses.

#include "ui/views/paths_view.hpp"

#include <algorithm>
#include <array>
#include <ctime>
#include <map>
#include <set>

#include "ui/format.hpp"
#include "ui/widgets/panel.hpp"
#include "ui/widgets/table.hpp"
#include "util/terminal_safe_string.hpp"

namespace pt::ui::views {
namespace {

using widgets::Column;
using widgets::TableCell;

constexpr std::array kTraceListColumns{
    Column{"Target", 12, 1, 39, 9},
    Column{"Name", 8, 2, 0, 3, Align::Left, Elide::Left},
    Column{"State", 7, 0, 0, 8},
    Column{"Hops", 4, 0, 0, 7, Align::Right},
};

constexpr std::array kHopColumns{
    Column{"Hop", 3, 0, 0, 10, Align::Right},
    Column{"IP", 12, 1, 39, 9},
    Column{"FQDN", 10, 3, 0, 6, Align::Left, Elide::Left},
    Column{"RTT", 8, 0, 0, 8, Align::Right},
    Column{"Loss", 4, 0, 0, 5, Align::Right},
    Column{"Location", 10, 1, 28, 4},
    Column{"Owner/ASN", 10, 2, 40, 7},
};

constexpr std::array kSummaryColumns{
    Column{"Address", 12, 1, 39, 10},         Column{"FQDN", 8, 2, 0, 6, Align::Left, Elide::Left},
    Column{"Hops", 8, 0, 0, 9, Align::Right}, Column{"Traced", 6, 0, 0, 5, Align::Right},
    Column{"Owner/ASN", 10, 2, 40, 7},        Column{"Location", 10, 1, 28, 3},
};

std::string_view state_text(const TraceView& t) {
  switch (t.state) {
    case TraceState::Queued: return "queued";
    case TraceState::Running: return "running";
    case TraceState::Done: return t.reached ? "done" : "no reply";
    case TraceState::Failed: return "failed";
  }
  return "";
}

Style state_style(const TraceView& t) {
  switch (t.state) {
    case TraceState::Queued: return Style::Dim;
    case TraceState::Running: return Style::Accent;
    case TraceState::Done: return t.reached ? Style::Good : Style::Warn;
    case TraceState::Failed: return Style::Alert;
  }
  return Style::Normal;
}

std::string rtt_text(const HopView& h) {
  if (h.rtts.empty()) return {};
  std::chrono::microseconds sum{0};
  for (auto r : h.rtts) sum += r;
  return human_rtt(sum / static_cast<long>(h.rtts.size()));
}

std::string loss_text(const HopView& h) {
  if (h.probes_sent == 0) return {};
  return percent(static_cast<double>(h.probes_lost) / static_cast<double>(h.probes_sent));
}

int cursor_index(const PathsModel& paths, const Frame& frame) {
  return std::clamp(frame.state.trace_cursor.index, 0, std::max(static_cast<int>(paths.traces.size()) - 1, 0));
}

void draw_trace_list(Canvas& canvas, Rect area, const PathsModel& paths, const Frame& frame) {
  const Rect inner = widgets::panel(canvas, area, "Traces", std::to_string(paths.traces.size()));
  if (inner.empty()) return;
  const auto widths = widgets::layout_columns(kTraceListColumns, inner.w);
  widgets::draw_header(canvas, {inner.x, inner.y, inner.w, 1}, kTraceListColumns, widths);
  const int cursor = cursor_index(paths, frame);
  const int visible = inner.h - 1;
  const int offset = widgets::scroll_offset(0, cursor, static_cast<int>(paths.traces.size()), visible);
  for (int i = 0; i < visible && offset + i < static_cast<int>(paths.traces.size()); ++i) {
    const TraceView& t = paths.traces[static_cast<std::size_t>(offset) + static_cast<std::size_t>(i)];
    std::string name = t.target_name.empty() ? frame.names.name(t.target) : util::terminal_safe(t.target_name);
    const std::array<TableCell, kTraceListColumns.size()> cells{{
        {t.target.to_string()},
        {std::move(name), Style::Dim},
        {std::string(state_text(t)), state_style(t)},
        {std::to_string(t.hops.size())},
    }};
    widgets::draw_row(canvas, {inner.x, inner.y + 1 + i, inner.w, 1}, kTraceListColumns, widths, cells,
                      offset + i == cursor ? widgets::RowMark::Cursor : widgets::RowMark::None);
  }
}

std::array<TableCell, kHopColumns.size()> hop_cells(const HopView& h, const Frame& frame) {
  if (!h.address) {
    return {{{std::to_string(h.ttl), Style::Dim}, {"*", Style::Dim}, {}, {}, {loss_text(h), Style::Warn}, {}, {}}};
  }
  const util::IpAddress& a = *h.address;
  const bool lossy = h.probes_lost > 0;
  return {{
      {std::to_string(h.ttl), Style::Dim},
      {a.to_string(), Style::Accent},
      {frame.names.name(a)},
      {rtt_text(h)},
      {loss_text(h), lossy ? Style::Warn : Style::Dim},
      {frame.names.location(a), a.is_public() ? Style::Normal : Style::Dim},
      {frame.names.owner(a)},
  }};
}

void draw_trace_detail(Canvas& canvas, Rect area, const PathsModel& paths, const Frame& frame) {
  if (paths.traces.empty()) {
    const Rect inner = widgets::panel(canvas, area, "Route");
    const char* hint = frame.status.tracing_available
                           ? "No traces yet: Enter on a flow (view 1), t, or s here for the selected flows"
                           : "Traceroute needs CAP_NET_RAW (run as root or setcap cap_net_raw+ep)";
    widgets::empty_note(canvas, inner, hint);
    return;
  }
  const TraceView& t = paths.traces[static_cast<std::size_t>(cursor_index(paths, frame))];
  std::string title = t.target.to_string();
  const std::string name = t.target_name.empty() ? frame.names.name(t.target) : util::terminal_safe(t.target_name);
  if (!name.empty() && name != kPendingMark) title += " " + name;
  std::string note = std::string(state_text(t));
  if (t.state == TraceState::Done && t.reached) note = "reached in " + std::to_string(t.hops.size()) + " hops";
  if (t.state == TraceState::Failed && !t.error.empty()) note = "failed: " + util::terminal_safe(t.error);
  const Rect inner = widgets::panel(canvas, area, title, note);
  if (inner.empty()) return;
  const auto widths = widgets::layout_columns(kHopColumns, inner.w);
  widgets::draw_header(canvas, {inner.x, inner.y, inner.w, 1}, kHopColumns, widths);
  if (t.hops.empty()) {
    widgets::empty_note(canvas, {inner.x, inner.y + 1, inner.w, inner.h - 1},
                        t.state == TraceState::Failed ? "trace failed" : "waiting for the first replies…");
    return;
  }
  for (int i = 0; i + 1 < inner.h && i < static_cast<int>(t.hops.size()); ++i) {
    widgets::draw_row(canvas, {inner.x, inner.y + 1 + i, inner.w, 1}, kHopColumns, widths,
                      hop_cells(t.hops[static_cast<std::size_t>(i)], frame));
  }
}

}  // namespace

namespace {

std::string hops_text(const engine::HopRow& h) {
  if (h.hops_min == h.hops_max) return std::to_string(h.hops_last);
  return std::to_string(h.hops_last) + " (" + std::to_string(h.hops_min) + "-" + std::to_string(h.hops_max) + ")";
}

void draw_hop_summary(Canvas& canvas, Rect area, const PathsModel& paths, const FlowScope& scope, const Frame& frame) {
  std::set<util::IpAddress> wanted;
  if (scope.selected) {
    for (const engine::FlowRow* f : scope.flows) {
      wanted.insert(f->src);
      wanted.insert(f->dst);
    }
  }
  std::map<util::IpAddress, std::size_t> traced;
  for (const auto& t : paths.traces) traced.try_emplace(t.target, t.hops.size());
  std::vector<const engine::HopRow*> rows;
  for (const auto& h : frame.snapshot.hops) {
    if (!scope.selected || wanted.contains(h.address)) rows.push_back(&h);
  }
  std::sort(rows.begin(), rows.end(), [](const engine::HopRow* a, const engine::HopRow* b) {
    return a->samples != b->samples ? a->samples > b->samples : a->address < b->address;
  });
  const Rect inner = widgets::panel(
      canvas, area, "Hop summary · passive TTL",
      scope.selected ? "selected flows" : std::to_string(rows.size()) + (rows.size() == 1 ? " host" : " hosts"));
  if (inner.empty()) return;
  const auto widths = widgets::layout_columns(kSummaryColumns, inner.w);
  widgets::draw_header(canvas, {inner.x, inner.y, inner.w, 1}, kSummaryColumns, widths);
  if (rows.empty()) {
    widgets::empty_note(canvas, {inner.x, inner.y + 1, inner.w, inner.h - 1},
                        scope.selected ? "no hop estimates for the selected flows" : "no hop estimates yet");
    return;
  }
  for (int i = 0; i + 1 < inner.h && i < static_cast<int>(rows.size()); ++i) {
    const engine::HopRow& h = *rows[static_cast<std::size_t>(i)];
    const auto it = traced.find(h.address);
    const std::array<TableCell, kSummaryColumns.size()> cells{{
        {h.address.to_string(), Style::Accent},
        {frame.names.name(h.address)},
        {hops_text(h)},
        {it == traced.end() ? std::string("—") : std::to_string(it->second), Style::Dim},
        {frame.names.owner(h.address)},
        {frame.names.location(h.address), h.address.is_public() ? Style::Normal : Style::Dim},
    }};
    widgets::draw_row(canvas, {inner.x, inner.y + 1 + i, inner.w, 1}, kSummaryColumns, widths, cells);
  }
}

std::string hop_text(const std::optional<util::IpAddress>& a) { return a ? a->to_string() : std::string("*"); }

void draw_history(Canvas& canvas, Rect area, const PathsModel& paths) {
  const std::string note =
      std::to_string(paths.changes.size()) + " changes · " + std::to_string(paths.history.size()) + " routes";
  const Rect inner = widgets::panel(canvas, area, "Route history & changes", note);
  if (inner.empty()) return;
  if (paths.changes.empty() && paths.history.empty()) {
    widgets::empty_note(canvas, inner, "no routes recorded yet");
    return;
  }
  int y = inner.y;
  for (const auto& c : paths.changes) {
    if (y >= inner.bottom()) return;
    int x = inner.x + canvas.text(inner.x, y, clock_time(c.when) + " ", Style::Dim, inner.w);
    x += canvas.text(x, y, c.target.to_string() + " ", Style::Accent, inner.right() - x);
    x += canvas.text(x, y, "hop " + std::to_string(c.ttl) + " " + hop_text(c.before) + " → " + hop_text(c.after) + " ",
                     Style::Warn, inner.right() - x);
    canvas.text(x, y++, util::terminal_safe(c.description), Style::Normal, inner.right() - x);
  }
  for (const auto& h : paths.history) {
    if (y >= inner.bottom()) return;
    std::string route;
    for (const auto& hop : h.hops) route += (route.empty() ? "" : " › ") + hop_text(hop);
    int x = inner.x + canvas.text(inner.x, y, clock_time(h.last_seen) + " ", Style::Dim, inner.w);
    x += canvas.text(x, y, h.target.to_string() + " ", Style::Accent, inner.right() - x);
    x += canvas.text(x, y,
                     (h.current ? "current " : "earlier ") + std::to_string(h.hops.size()) + " hops ×" +
                         std::to_string(h.times_seen) + "  ",
                     h.current ? Style::Good : Style::Dim, inner.right() - x);
    canvas.text(x, y++, route, Style::Dim, inner.right() - x);
  }
}

}  // namespace

std::string clock_time(util::Timestamp t) {
  const std::time_t secs = static_cast<std::time_t>(util::to_unix_nanos(t) / 1'000'000'000);
  std::tm tm{};
  localtime_r(&secs, &tm);
  std::array<char, 16> buf{};
  std::strftime(buf.data(), buf.size(), "%H:%M:%S", &tm);
  return buf.data();
}

void draw_paths(Canvas& canvas, Rect area, const PathsModel& paths, const FlowScope& scope, const Frame& frame) {
  if (area.h < 6 || area.w < 20) return;
  const auto rows = split_rows(area, {1, 1});
  const auto top = split_columns(rows[0], {2, 5});
  draw_trace_list(canvas, top[0], paths, frame);
  draw_trace_detail(canvas, top[1], paths, frame);
  const auto bottom = split_columns(rows[1], {1, 1});
  draw_hop_summary(canvas, bottom[0], paths, scope, frame);
  draw_history(canvas, bottom[1], paths);
}

}  // namespace pt::ui::views

// View 5 — Ports.
//
//  ┌─ Ports 1-18 of 312 ─────────────── sort bytes ─┐┌─ Scan detection ──────────────────────────┐
//  │ Port  Proto Service Range  Pkts Bytes Conns Hits│ Source      Ports Hosts Rate/s Kind  Verdict│
//  │ 443   TCP   https   well   9.1k 12 MB   40   3  │ 10.0.0.66     120     1   24.0 syn   SCANNER│
//  │ ...                                  Activity ▁▃█│ 10.0.0.70       6     1    0.2 syn   suspect│
//  └─────────────────────────────────────────────────┘└───────────────────────────────────────────┘
//  ┌─ Port ranges ───────┐┌─ Services ────────┐┌─ Top hit ports ────────┐┌─ Summary ──────────────┐
//  │ well-known ███ 80%  ││ https ████ 70%    ││ 22/tcp  ██████  12 hits││ ⚠ SCAN ALERT: 1 scanner │
//  └─────────────────────┘└───────────────────┘└────────────────────────┘└────────────────────────┘
// Likely scanners are red, suspicious sources (5+ ports) yellow. With a selection the table is
// rebuilt from the selected flows and the scan panel keeps the sources those flows involve.

#include "ui/views/ports_view.hpp"

#include <algorithm>
#include <array>

#include "ui/format.hpp"
#include "ui/views/share_panel.hpp"
#include "ui/widgets/bar.hpp"
#include "ui/widgets/panel.hpp"
#include "ui/widgets/sparkline.hpp"
#include "ui/widgets/table.hpp"

namespace pt::ui::views {
namespace {

using widgets::Column;
using widgets::TableCell;

constexpr std::array kPortColumns{
    Column{"Port", 5, 0, 0, 10, Align::Right},
    Column{"Proto", 5, 0, 0, 9},
    Column{"Service", 8, 1, 16, 8},
    Column{"Range", 10, 0, 0, 2},
    Column{"Pkts", 6, 0, 0, 6, Align::Right},
    Column{"Bytes", 7, 0, 0, 7, Align::Right},
    Column{"Conns", 5, 0, 0, 5, Align::Right},
    Column{"Hits", 4, 0, 0, 8, Align::Right},
    Column{"Rate/s", 6, 0, 0, 4, Align::Right},
    Column{"Activity 60s", 12, 1, 60, 1},
};

constexpr std::array kScanColumns{
    Column{"Source", 12, 2, 39, 10},
    Column{"Ports", 5, 0, 0, 9, Align::Right},
    Column{"Hosts", 5, 0, 0, 5, Align::Right},
    Column{"Rate/s", 6, 0, 0, 8, Align::Right},
    Column{"Kind", 5, 1, 16, 3},
    Column{"Verdict", 10, 0, 0, 7},
    Column{"Target", 12, 1, 39, 2},
};

std::string rate_text(double r) {
  std::array<char, 16> buf{};
  std::snprintf(buf.data(), buf.size(), r < 10 ? "%.1f" : "%.0f", r);
  return buf.data();
}

std::array<TableCell, kPortColumns.size()> port_cells(const PortLine& p) {
  return {{
      {std::to_string(p.port.value), Style::Accent},
      {protocol_label(p.protocol), Style::Dim},
      {p.service.empty() ? std::string("—") : p.service, p.service.empty() ? Style::Dim : Style::Normal},
      {std::string(range_label(p.range)), Style::Dim},
      {human_count(p.packets)},
      {human_bytes(p.bytes)},
      {human_count(p.connections)},
      {human_count(p.hits)},
      {rate_text(p.rate)},
      {""},
  }};
}

void draw_port_table(Canvas& canvas, Rect area, const PortsModel& m, const Frame& frame) {
  const int n = static_cast<int>(m.ports.size());
  const ListCursor<std::uint32_t>& cursor = frame.state.port_cursor;
  const Rect probe = area.inset(1);
  const int visible = std::max(probe.h - 1, 0);
  const int offset = std::clamp(cursor.offset, 0, std::max(n - visible, 0));
  std::string title = "Ports";
  if (n > 0 && visible > 0) {
    title += " " + std::to_string(offset + 1) + "-" + std::to_string(std::min(n, offset + visible)) + " of " +
             std::to_string(n);
  } else if (n > 0) {  // too short for rows: the count alone, not a range "1-0"
    title += " (" + std::to_string(n) + ")";
  }
  const std::string note =
      std::string(m.selected ? "selected · " : "") + "sort " + std::string(to_string(frame.state.port_sort));
  const Rect inner = widgets::panel(canvas, area, title, note);
  if (inner.empty()) return;
  const auto widths = widgets::layout_columns(kPortColumns, inner.w);
  widgets::draw_header(canvas, {inner.x, inner.y, inner.w, 1}, kPortColumns, widths);
  if (n == 0) {
    widgets::empty_note(canvas, {inner.x, inner.y + 1, inner.w, inner.h - 1}, "no TCP/UDP ports seen yet");
    return;
  }
  int activity_x = inner.x;
  for (std::size_t c = 0; c + 1 < widths.size(); ++c) activity_x += widths[c] > 0 ? widths[c] + 1 : 0;
  const int activity_w = widths.back();
  for (int i = 0; i < visible && offset + i < n; ++i) {
    const PortLine& p = m.ports[static_cast<std::size_t>(offset) + static_cast<std::size_t>(i)];
    const Rect row{inner.x, inner.y + 1 + i, inner.w, 1};
    const bool is_cursor = offset + i == cursor.index;
    widgets::draw_row(canvas, row, kPortColumns, widths, port_cells(p),
                      is_cursor ? widgets::RowMark::Cursor : widgets::RowMark::None);
    if (activity_w > 0 && p.series != nullptr) {
      std::array<double, engine::kSeriesSeconds> values{};
      for (std::size_t k = 0; k < values.size(); ++k) values[k] = (*p.series)[k];
      widgets::sparkline(canvas, activity_x, row.y, activity_w, values, is_cursor ? Style::Cursor : Style::Spark);
    }
  }
}

Style verdict_style(engine::ScanVerdict v) {
  switch (v) {
    case engine::ScanVerdict::LikelyScanner: return Style::Alert;
    case engine::ScanVerdict::Suspicious: return Style::Warn;
    case engine::ScanVerdict::None: return Style::Normal;
  }
  return Style::Normal;
}

std::string_view verdict_text(engine::ScanVerdict v) {
  switch (v) {
    case engine::ScanVerdict::LikelyScanner: return "SCANNER";
    case engine::ScanVerdict::Suspicious: return "suspicious";
    case engine::ScanVerdict::None: return "watching";
  }
  return "";
}

void draw_scans(Canvas& canvas, Rect area, const PortsModel& m) {
  const std::string note =
      std::to_string(m.likely_scanners) + " likely · " + std::to_string(m.suspicious) + " suspicious";
  const Rect inner =
      widgets::panel(canvas, area, "Scan detection", note, m.likely_scanners > 0 ? Style::Alert : Style::Border);
  if (inner.empty()) return;
  const auto widths = widgets::layout_columns(kScanColumns, inner.w);
  widgets::draw_header(canvas, {inner.x, inner.y, inner.w, 1}, kScanColumns, widths);
  if (m.scans.empty()) {
    widgets::empty_note(canvas, {inner.x, inner.y + 1, inner.w, inner.h - 1}, "no probing seen");
    return;
  }
  for (int i = 0; i + 1 < inner.h && i < static_cast<int>(m.scans.size()); ++i) {
    const engine::ScanRow& s = *m.scans[static_cast<std::size_t>(i)];
    const Style st = verdict_style(s.verdict);
    const std::array<TableCell, kScanColumns.size()> cells{{
        {s.source.to_string(), st},
        {std::to_string(s.distinct_ports), st},
        {std::to_string(s.distinct_hosts)},
        {rate_text(s.rate)},
        {scan_kinds(s.kinds), Style::Dim},
        {std::string(verdict_text(s.verdict)), st},
        {s.top_target.empty() ? std::string() : s.top_target.to_string(), Style::Dim},
    }};
    widgets::draw_row(canvas, {inner.x, inner.y + 1 + i, inner.w, 1}, kScanColumns, widths, cells);
  }
}

void draw_top_hits(Canvas& canvas, Rect area, const PortsModel& m) {
  const Rect inner = widgets::panel(canvas, area, "Top hit ports", "distinct sources");
  if (inner.empty()) return;
  if (m.top_hits.empty() || m.top_hits.front()->hits == 0) {
    widgets::empty_note(canvas, inner, "no hits yet");
    return;
  }
  const double max = m.top_hits.front()->hits;
  for (int i = 0; i < inner.h && i < static_cast<int>(m.top_hits.size()); ++i) {
    const PortLine& p = *m.top_hits[static_cast<std::size_t>(i)];
    const std::string label = std::to_string(p.port.value) + "/" + std::string(engine::protocol_name(p.protocol));
    widgets::bar_row(canvas, {inner.x, inner.y + i, inner.w, 1}, label, 9, p.hits / max, human_count(p.hits) + " hits",
                     9, Style::Accent);
  }
}

void draw_summary(Canvas& canvas, Rect area, const PortsModel& m) {
  const Rect inner = widgets::panel(canvas, area, "Summary", m.selected ? "selected" : "");
  if (inner.empty()) return;
  int y = inner.y;
  if (m.likely_scanners > 0) {
    canvas.text(
        inner.x, y++,
        "⚠ SCAN ALERT: " + std::to_string(m.likely_scanners) + " likely scanner" + (m.likely_scanners == 1 ? "" : "s"),
        Style::Alert, inner.w);
  } else if (m.suspicious > 0) {
    canvas.text(inner.x, y++,
                "! " + std::to_string(m.suspicious) + " suspicious source" + (m.suspicious == 1 ? "" : "s"),
                Style::Warn, inner.w);
  } else {
    canvas.text(inner.x, y++, "✓ No scan activity", Style::Good, inner.w);
  }
  auto kv = [&](std::string_view k, const std::string& v) {
    if (y >= inner.bottom()) return;
    canvas.text(inner.x, y, k, Style::Dim, 10);
    canvas.text(inner.x + 10, y++, v, Style::Normal, inner.w - 10);
  };
  kv("Ports", human_count(m.ports.size()));
  kv("Hits", human_count(m.total_hits));
  kv("Traffic", human_bytes(m.bytes));
  kv("Watching", human_count(m.scans.size()) + " sources");
}

}  // namespace

int ports_page_rows(Rect area) {
  const int top_h = std::max(area.h - std::clamp(area.h / 3, 5, 12), 0);
  return std::max(top_h - 3, 1);
}

void draw_ports(Canvas& canvas, Rect area, const PortsModel& model, const Frame& frame) {
  if (area.h < 6 || area.w < 20) return;
  Rect rest = area;
  const Rect bottom = take_bottom(rest, std::clamp(area.h / 3, 5, 12));
  const auto top = split_columns(rest, {3, 2});
  draw_port_table(canvas, top[0], model, frame);
  draw_scans(canvas, top[1], model);
  const auto parts = split_columns(bottom, {1, 1, 1, 1});
  draw_share_panel(canvas, parts[0], {"Port ranges", model.selected ? "selected" : "", "no ports"}, model.ranges,
                   model.bytes);
  draw_share_panel(canvas, parts[1], {"Services", model.selected ? "selected" : "", "no ports"}, model.services,
                   model.bytes);
  draw_top_hits(canvas, parts[2], model);
  draw_summary(canvas, parts[3], model);
}

}  // namespace pt::ui::views

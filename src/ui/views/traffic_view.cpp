// View 1 — Traffic.
//
//  ┌─ Flows 1-50 of 1,234 ──────────────────── /8.8 · :443 · TCP · local hidden · sort bytes ─┐
//  │  Source             Destination          FQDN           Proto  Sent▼  Recv  Pkts  Location   App │
//  │● 192.168.1.5:51000  142.250.74.110:443   …google.com    TCP    1.2 MB 40 KB  812  Frankfurt, DE TLS.Google │
//  │  ...                                                                                        │
//  └───────────────────────────────────────────────────────────────────────────────────────────┘
// g groups the same rows by destination (Destination, FQDN, Flows, Proto, Sent, Recv, Pkts,
// Location, Owner, App). FQDN and Location describe the remote end of each flow.

#include "ui/views/traffic_view.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "ui/format.hpp"
#include "ui/widgets/panel.hpp"
#include "ui/widgets/table.hpp"

namespace pt::ui::views {
namespace {

using widgets::Column;
using widgets::RowMark;
using widgets::TableCell;

constexpr std::array kFlowColumns{
    Column{"Source", 15, 1, 26, 9},
    Column{"Destination", 15, 1, 26, 10},
    Column{"FQDN", 10, 4, 0, 5, Align::Left, Elide::Left},
    Column{"Proto", 5, 0, 0, 8},
    Column{"Sent", 7, 0, 0, 7, Align::Right},
    Column{"Recv", 7, 0, 0, 7, Align::Right},
    Column{"Pkts", 6, 0, 0, 6, Align::Right},
    Column{"Location", 12, 2, 28, 4},
    Column{"App", 9, 1, 20, 3},
};

constexpr std::array kDestinationColumns{
    Column{"Destination", 15, 1, 39, 10},
    Column{"FQDN", 10, 4, 0, 6, Align::Left, Elide::Left},
    Column{"Flows", 5, 0, 0, 8, Align::Right},
    Column{"Proto", 7, 0, 0, 3},
    Column{"Sent", 7, 0, 0, 7, Align::Right},
    Column{"Recv", 7, 0, 0, 7, Align::Right},
    Column{"Pkts", 6, 0, 0, 5, Align::Right},
    Column{"Location", 10, 1, 28, 4},
    Column{"Owner", 10, 2, 32, 2},
    Column{"App", 9, 1, 24, 1},
};

RowMark mark_of(bool cursor, bool marked) {
  if (cursor) return marked ? RowMark::CursorMarked : RowMark::Cursor;
  return marked ? RowMark::Marked : RowMark::None;
}

Style pending_style(const std::string& text) { return text == kPendingMark ? Style::Dim : Style::Normal; }

std::array<TableCell, kFlowColumns.size()> flow_cells(const engine::FlowRow& f, const Frame& frame) {
  const util::IpAddress remote = remote_address(f);
  std::string name = flow_name(frame.names, f);
  std::string location = frame.names.location(remote);
  std::string app = app_label(frame.snapshot, f.classification);
  const Style name_style = pending_style(name);
  const Style location_style = remote.is_public() ? pending_style(location) : Style::Dim;
  const Style app_style = f.classification.encrypted() ? Style::Good : pending_style(app);
  return {{
      {endpoint_label(f.src, f.src_port, f.protocol)},
      {endpoint_label(f.dst, f.dst_port, f.protocol)},
      {std::move(name), name_style},
      {protocol_label(f.protocol), Style::Dim},
      {human_bytes(f.bytes_sent)},
      {human_bytes(f.bytes_recv)},
      {human_count(f.packets())},
      {std::move(location), location_style},
      {std::move(app), app_style},
  }};
}

std::string protocols_text(std::uint8_t bits) {
  std::string out;
  auto add = [&](std::uint8_t bit, const char* name) {
    if ((bits & bit) == 0) return;
    if (!out.empty()) out += ',';
    out += name;
  };
  add(1, "tcp");
  add(2, "udp");
  add(4, "icmp");
  add(8, "other");
  return out;
}

std::array<TableCell, kDestinationColumns.size()> destination_cells(const DestinationRow& d, const Frame& frame) {
  std::string name = frame.names.name(d.address);
  if (name.empty() && d.largest != nullptr) name = flow_name(frame.names, *d.largest);
  std::string location = frame.names.location(d.address);
  std::string owner = frame.names.owner(d.address);
  std::string app = d.largest ? app_label(frame.snapshot, d.largest->classification) : std::string();
  const Style name_style = pending_style(name);
  const Style location_style = d.address.is_public() ? pending_style(location) : Style::Dim;
  const Style owner_style = pending_style(owner);
  return {{
      {d.address.to_string()},
      {std::move(name), name_style},
      {std::to_string(d.flows), Style::Accent},
      {protocols_text(d.protocols), Style::Dim},
      {human_bytes(d.bytes_sent)},
      {human_bytes(d.bytes_recv)},
      {human_count(d.packets)},
      {std::move(location), location_style},
      {std::move(owner), owner_style},
      {std::move(app)},
  }};
}

// "/8.8 · :443 · TCP · local hidden · sort bytes · 3 selected"
std::string indicators(const Frame& frame) {
  const TrafficState& t = frame.state.traffic;
  std::string out;
  auto add = [&](const std::string& part) {
    if (!out.empty()) out += " · ";
    out += part;
  };
  if (!t.ip_filter.empty()) add("/" + t.ip_filter);
  if (t.port_filter) add(":" + std::to_string(*t.port_filter));
  if (t.protocol != ProtocolFilter::All) add(std::string(to_string(t.protocol)));
  if (!t.show_local) add("local hidden");
  add("sort " + std::string(to_string(t.sort)));
  if (!frame.state.selection.empty()) add(std::to_string(frame.state.selection.size()) + " selected");
  return out;
}

std::string title(const TrafficList& list) {
  const char* what = list.by_destination ? "Destinations" : "Flows";
  const int n = list.size();
  std::string text = what;
  if (n > 0) {
    text += " " + std::to_string(list.offset + 1) + "-" + std::to_string(list.offset + list.visible) + " of " +
            std::to_string(n);
  }
  if (!list.by_destination && list.flows.size() != list.total) text += " (" + std::to_string(list.total) + " total)";
  return text;
}

void draw_empty(Canvas& canvas, Rect inner, const TrafficList& list, const Frame& frame) {
  if (list.total == 0) {
    widgets::empty_note(canvas, inner,
                        frame.status.paused ? "Capture paused (p resumes)" : "No flows yet: waiting for traffic…");
  } else {
    widgets::empty_note(canvas, inner, "No flows match the filters (c clears them)");
  }
}

}  // namespace

int traffic_page_rows(Rect area, int max_rows) { return std::clamp(area.h - 3, 0, std::max(max_rows, 1)); }

void draw_traffic(Canvas& canvas, Rect area, const TrafficList& list, const Frame& frame) {
  const Rect inner = widgets::panel(canvas, area, title(list), indicators(frame));
  if (inner.empty()) return;
  const bool grouped = list.by_destination;
  const std::span<const Column> columns =
      grouped ? std::span<const Column>(kDestinationColumns) : std::span<const Column>(kFlowColumns);
  const auto widths = widgets::layout_columns(columns, inner.w);
  widgets::draw_header(canvas, {inner.x, inner.y, inner.w, 1}, columns, widths);
  const Rect rows{inner.x, inner.y + 1, inner.w, inner.h - 1};
  if (list.size() == 0) {
    draw_empty(canvas, rows, list, frame);
    return;
  }
  for (int i = 0; i < list.visible && i < rows.h; ++i) {
    const int index = list.offset + i;
    const Rect row{rows.x, rows.y + i, rows.w, 1};
    const bool cursor = index == list.cursor;
    if (grouped) {
      const DestinationRow& d = list.destinations[static_cast<std::size_t>(index)];
      const auto cells = destination_cells(d, frame);
      widgets::draw_row(canvas, row, columns, widths, cells, mark_of(cursor, d.marked > 0 && d.marked == d.flows));
    } else {
      const engine::FlowRow& f = *list.flows[static_cast<std::size_t>(index)];
      const auto cells = flow_cells(f, frame);
      widgets::draw_row(canvas, row, columns, widths, cells,
                        mark_of(cursor, frame.state.selection.contains(FlowIdentity::of(f))));
    }
  }
}

}  // namespace pt::ui::views

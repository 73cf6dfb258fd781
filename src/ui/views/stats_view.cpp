// View 3 — Stats.
//
//  ┌─ Overview ───────────────────────┐┌─ Throughput · last 60 s ──── now 12 Mb/s · peak 40 Mb/s ─┐
//  │ Capture  eth0 · live · 5m12s      ││                    ▂▅▇█▆▃                                  │
//  │ Packets  123k · 45 MB             ││        ▁▂▃▅▆▇██████████▇▅▃▂▁                               │
//  │ Flows    523 active · 1.2k seen   │└───────────────────────────────────────────────────────────┘
//  │ Caches   geo 1.2k/10k · 93% hits  │
//  └───────────────────────────────────┘
//  ┌─ Countries ──────┐┌─ Owners (AS) ─────┐┌─ Protocols ───────┐
//  │ United States ██ 45% 1.2 MB          ...                     │
//  └──────────────────┘└───────────────────┘└───────────────────┘
//  ┌─ Top Talkers ───────────────────┐┌─ Top Domains ───────────────┐
//  │ 10.0.0.5  laptop.lan  ███ 30%  │ google.com  12 hosts ███ 20%   │
//  └─────────────────────────────────┘└─────────────────────────────┘
// With a selection every panel but Throughput counts only the selected flows.

#include "ui/views/stats_view.hpp"

#include <algorithm>
#include <array>

#include "ui/format.hpp"
#include "ui/views/share_panel.hpp"
#include "ui/widgets/panel.hpp"
#include "ui/widgets/sparkline.hpp"

namespace pt::ui::views {
namespace {

void line(Canvas& canvas, Rect inner, int& y, std::string_view key, const std::string& value,
          Style style = Style::Normal) {
  if (y >= inner.bottom()) return;
  canvas.text(inner.x, y, key, Style::Dim, 9);
  canvas.text(inner.x + 9, y, value, style, inner.w - 9);
  ++y;
}

std::string cache_line(const CacheStats& c) {
  const std::uint64_t lookups = c.hits + c.misses;
  std::string text = c.name + " " + human_count(c.entries);
  if (c.capacity > 0) text += "/" + human_count(c.capacity);
  if (lookups > 0) text += " · " + percent(static_cast<double>(c.hits) / static_cast<double>(lookups)) + " hits";
  return text;
}

void draw_overview(Canvas& canvas, Rect area, const StatsModel& model, const std::vector<CacheStats>& caches,
                   const Frame& frame) {
  const Rect inner = widgets::panel(canvas, area, "Overview", model.selected ? "selected flows" : "");
  if (inner.empty()) return;
  const auto& s = frame.snapshot;
  int y = inner.y;
  const auto elapsed = s.time - s.first_packet;
  line(canvas, inner, y, "Capture",
       (frame.status.source.empty() ? std::string("—") : frame.status.source) + " · " +
           (s.flows.empty() && s.traffic.packets == 0 ? std::string("no packets yet") : human_duration(elapsed)));
  line(canvas, inner, y, "Packets",
       human_count(model.selected ? model.packets : s.traffic.packets) + " · " +
           human_bytes(model.selected ? model.bytes : s.traffic.bytes));
  line(canvas, inner, y, "Flows",
       human_count(model.flows) + (model.selected ? " selected" : " active") + " · " +
           human_count(s.flow_table.created) + " seen · " + human_count(s.flow_table.evicted + s.flow_table.expired) +
           " gone");
  line(canvas, inner, y, "Hosts",
       human_count(model.hosts) + (model.pending > 0 ? " · " + human_count(model.pending) + " resolving" : ""));
  line(canvas, inner, y, "Average",
       human_bits_per_second(s.traffic.average.bits_per_second) + " · " +
           human_rate(s.traffic.average.packets_per_second, "pkt/s"));
  if (caches.empty()) line(canvas, inner, y, "Caches", "none", Style::Dim);
  for (std::size_t i = 0; i < caches.size(); ++i) line(canvas, inner, y, i == 0 ? "Caches" : "", cache_line(caches[i]));
}

void draw_throughput(Canvas& canvas, Rect area, const Frame& frame) {
  const auto& t = frame.snapshot.traffic;
  std::array<double, engine::kSeriesSeconds> bits{};
  double peak = 0;
  for (std::size_t i = 0; i < bits.size(); ++i) {
    bits[i] = t.throughput[i].bits_per_second;
    peak = std::max(peak, bits[i]);
  }
  const std::string note = "now " + human_bits_per_second(t.current.bits_per_second) + " · " +
                           human_rate(t.current.packets_per_second, "pkt/s") + " · peak " + human_bits_per_second(peak);
  const Rect inner = widgets::panel(canvas, area, "Throughput · 60 s", note);
  if (inner.empty()) return;
  if (peak <= 0) {
    widgets::empty_note(canvas, inner, "no traffic in the last minute");
    return;
  }
  widgets::graph(canvas, inner, bits);
}

}  // namespace

void draw_stats(Canvas& canvas, Rect area, const StatsModel& model, const std::vector<CacheStats>& caches,
                const Frame& frame) {
  if (area.h < 6 || area.w < 20) return;
  const int top_h = std::clamp(area.h / 3, 5, 6 + static_cast<int>(caches.size()) + 1);
  Rect rest = area;
  const Rect top = take_top(rest, top_h);
  const auto top_parts = split_columns(top, {2, 3});
  draw_overview(canvas, top_parts[0], model, caches, frame);
  draw_throughput(canvas, top_parts[1], frame);
  if (rest.h < 4) return;
  const auto rows = split_rows(rest, {1, 1});
  const std::string_view sel = model.selected ? "selected" : "";
  const auto middle = split_columns(rows[0], {1, 1, 1});
  const std::uint64_t total = model.bytes;
  draw_share_panel(canvas, middle[0], {"Countries", sel, "no remote hosts"}, model.countries, total);
  draw_share_panel(canvas, middle[1], {"Owners (AS)", sel, "no remote hosts"}, model.owners, total);
  std::uint64_t proto_total = 0;
  for (const auto& p : model.protocols) proto_total += p.bytes;
  draw_share_panel(canvas, middle[2], {"Protocols", sel, "no packets"}, model.protocols, proto_total);
  const auto bottom = split_columns(rows[1], {1, 1});
  // A talker's share is the part of all traffic it took part in (both ends of a flow count it).
  draw_share_panel(canvas, bottom[0], {"Top Talkers", sel, "no hosts", true}, model.talkers, total);
  draw_share_panel(canvas, bottom[1], {"Top Domains", sel, "no names resolved yet", true}, model.domains, total);
}

}  // namespace pt::ui::views

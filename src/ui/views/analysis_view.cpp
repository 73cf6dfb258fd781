// View 4 — Analysis.
//
//  ┌─ Applications ─────────────┐┌─ Categories ───────────┐┌─ Encryption ─────────────────┐
//  │ TLS.Google  ██████  45% 1 MB││ Web  ███████ 70% 2 MB  ││ Encrypted ███████▌ 80% 3 MB   │
//  │ DNS         █       3%  9 KB││ ...                    ││ Plaintext ██        20% 1 MB  │
//  │                             ││                        ││ Detected  dpi 40 · port 3     │
//  │                             ││                        ││ Traits    streaming 2 · VoIP 1│
//  └─────────────────────────────┘└────────────────────────┘└───────────────────────────────┘
//  ┌─ Protocols ────────┐┌─ Packet sizes ──────┐┌─ TCP flags ────────┐┌─ ICMP types ─────────┐
//  │ tcp ██████ 80% 9k  ││ 0-19     ▏          ││ SYN   ███   120    ││ echo request 8/0   12 │
//  └────────────────────┘└─────────────────────┘└────────────────────┘└──────────────────────┘
// With a selection everything is recomputed from the selected flows (TCP flags then count flows).

#include "ui/views/analysis_view.hpp"

#include <algorithm>

#include "ui/format.hpp"
#include "ui/views/share_panel.hpp"
#include "ui/widgets/bar.hpp"
#include "ui/widgets/panel.hpp"

namespace pt::ui::views {
namespace {

// Bars of counts scaled to the largest.
void draw_counts(Canvas& canvas, Rect area, std::string_view title, std::string_view note,
                 const std::vector<Count>& counts, std::string_view empty_text) {
  const Rect inner = widgets::panel(canvas, area, title, note);
  if (inner.empty()) return;
  std::uint64_t max = 0;
  int label_w = 3;
  for (const auto& c : counts) {
    max = std::max(max, c.value);
    label_w = std::max(label_w, text_width(c.label));
  }
  if (max == 0) {
    widgets::empty_note(canvas, inner, empty_text);
    return;
  }
  label_w = std::min(label_w, std::max(inner.w - 13, inner.w / 3));  // keep room for a bar and the value
  int y = inner.y;
  for (const auto& c : counts) {
    if (y >= inner.bottom()) break;
    const double fraction = static_cast<double>(c.value) / static_cast<double>(max);
    widgets::bar_row(canvas, {inner.x, y++, inner.w, 1}, c.label, label_w, fraction, human_count(c.value), 7);
  }
}

std::string joined(const std::vector<Count>& counts) {
  std::string out;
  for (const auto& c : counts) {
    if (!out.empty()) out += " · ";
    out += c.label + " " + human_count(c.value);
  }
  return out.empty() ? std::string("—") : out;
}

void draw_encryption(Canvas& canvas, Rect area, const AnalysisModel& m) {
  const Rect inner = widgets::panel(canvas, area, "Encryption", m.selected ? "selected" : "");
  if (inner.empty()) return;
  if (m.flows == 0) {
    widgets::empty_note(canvas, inner, "no flows");
    return;
  }
  const double enc = m.bytes > 0 ? static_cast<double>(m.encrypted_bytes) / static_cast<double>(m.bytes) : 0;
  const std::uint64_t plain = m.bytes - std::min(m.bytes, m.encrypted_bytes);
  int y = inner.y;
  widgets::bar_row(canvas, {inner.x, y++, inner.w, 1}, "Encrypted", 10, enc,
                   percent(enc) + " " + human_bytes(m.encrypted_bytes), 13, Style::Good, Style::Good);
  if (y < inner.bottom()) {  // a one-row panel (short terminal) has room for Encrypted only
    widgets::bar_row(canvas, {inner.x, y++, inner.w, 1}, "Plaintext", 10, 1 - enc,
                     percent(m.bytes > 0 ? 1 - enc : 0) + " " + human_bytes(plain), 13, Style::Warn, Style::Warn);
  }
  const std::string flows = human_count(m.encrypted_flows) + " of " + human_count(m.flows) + " flows encrypted";
  if (y < inner.bottom()) canvas.text(inner.x, y++, flows, Style::Dim, inner.w);
  if (y < inner.bottom()) {
    canvas.text(inner.x, y, "Detected", Style::Dim, 10);
    canvas.text(inner.x + 10, y++, joined(m.detection), Style::Normal, inner.w - 10);
  }
  if (y < inner.bottom()) {
    canvas.text(inner.x, y, "Traits", Style::Dim, 10);
    canvas.text(inner.x + 10, y++, joined(m.traits), Style::Normal, inner.w - 10);
  }
}

void draw_sizes(Canvas& canvas, Rect area, const AnalysisModel& m) {
  std::vector<Count> counts;
  for (std::size_t b = 0; b < engine::kSizeBuckets; ++b) {
    counts.push_back({std::string(engine::size_bucket_label(b)), m.sizes[b]});
  }
  draw_counts(canvas, area, "Packet sizes", "bytes", counts, "no packets");
}

}  // namespace

void draw_analysis(Canvas& canvas, Rect area, const AnalysisModel& model, const Frame& frame) {
  (void)frame;
  if (area.h < 6 || area.w < 20) return;
  const auto rows = split_rows(area, {1, 1});
  const std::string_view sel = model.selected ? "selected" : "";
  const auto top = split_columns(rows[0], {3, 2, 3});
  draw_share_panel(canvas, top[0], {"Applications", sel, "no flows"}, model.apps, model.bytes);
  draw_share_panel(canvas, top[1], {"Categories", sel, "no flows"}, model.categories, model.bytes);
  draw_encryption(canvas, top[2], model);
  const auto bottom = split_columns(rows[1], {1, 1, 1, 1});
  std::uint64_t packets = 0;
  for (const auto& p : model.protocols) packets += p.packets;
  draw_share_panel(canvas, bottom[0], {"Protocols", "packets", "no packets", false, true}, model.protocols, packets);
  draw_sizes(canvas, bottom[1], model);
  draw_counts(canvas, bottom[2], "TCP flags", model.flags_per_flow ? "flows" : "packets", model.tcp_flags, "no TCP");
  draw_counts(canvas, bottom[3], "ICMP types", "packets", model.icmp_types, "no ICMP");
}

}  // namespace pt::ui::views

#include "ui/views/share_panel.hpp"

#include <algorithm>

#include "ui/format.hpp"
#include "ui/widgets/bar.hpp"
#include "ui/widgets/panel.hpp"

namespace pt::ui::views {

void draw_share_panel(Canvas& canvas, Rect area, const SharePanel& spec, std::span<const Share> shares,
                      std::uint64_t total) {
  const Rect inner = widgets::panel(canvas, area, spec.title, spec.note);
  if (inner.empty()) return;
  if (shares.empty()) {
    widgets::empty_note(canvas, inner, spec.empty_text);
    return;
  }
  int label_w = 4;
  for (const auto& s : shares) label_w = std::max(label_w, text_width(s.label));
  label_w = std::min(label_w, std::max(inner.w * (spec.show_detail ? 2 : 4) / 10, 8));
  const int detail_w = spec.show_detail ? std::max(inner.w * 3 / 10, 0) : 0;
  constexpr int kValueW = 14;  // " 45%  1.2 MB"
  for (int i = 0; i < inner.h && i < static_cast<int>(shares.size()); ++i) {
    const Share& s = shares[static_cast<std::size_t>(i)];
    const std::uint64_t amount = spec.by_packets ? s.packets : s.bytes;
    const double fraction = total > 0 ? static_cast<double>(amount) / static_cast<double>(total) : 0;
    const std::string value = pad(percent(fraction), 5, Align::Right) + " " +
                              pad(spec.by_packets ? human_count(amount) : human_bytes(amount), 8, Align::Right);
    Rect row{inner.x, inner.y + i, inner.w, 1};
    if (detail_w > 0) {
      canvas.field(row.x + label_w + 1, row.y, detail_w, s.detail, Style::Dim, Align::Left, Elide::Left);
      const Rect label_part{row.x, row.y, label_w, 1};
      canvas.field(label_part.x, label_part.y, label_w, s.label, Style::Accent);
      widgets::bar_row(canvas, {row.x + label_w + detail_w + 2, row.y, row.w - label_w - detail_w - 2, 1}, "", 0,
                       fraction, value, kValueW);
      continue;
    }
    widgets::bar_row(canvas, row, s.label, label_w, fraction, value, kValueW, Style::Accent);
  }
}

}  // namespace pt::ui::views

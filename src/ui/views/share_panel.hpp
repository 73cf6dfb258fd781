#pragma once
// A titled panel listing shares of traffic as bar rows:
//   ┌─ Countries ─────────────────────┐
//   │ United States  ██████▌  45%  1.2 MB │

#include <span>
#include <string_view>

#include "ui/stats_model.hpp"
#include "ui/views/frame.hpp"

namespace pt::ui::views {

struct SharePanel {
  std::string_view title;
  std::string_view note;
  std::string_view empty_text = "nothing yet";
  bool show_detail = false;  // a second text column (talkers' host names, domains' host counts)
  bool by_packets = false;   // share of packets instead of bytes
};

void draw_share_panel(Canvas& canvas, Rect area, const SharePanel& spec, std::span<const Share> shares,
                      std::uint64_t total);

}  // namespace pt::ui::views

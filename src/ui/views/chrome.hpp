#pragma once
// The frame around the views: tab bar on top, hint/prompt line and status bar at the bottom,
// and the help overlay.
//
//   PacketTracer  1 Traffic  2 Paths  3 Stats  4 Analysis  5 Ports              ? help  q quit
//   ...view...
//   ↑↓ move  Space select  Enter trace  / filter  : port  f proto  s sort  g group  l local ...
//   eth0 ● LIVE │ 1.2k pkt/s │ 12.3 Mb/s │ 523 flows │ drops 0 │ db lag 40 ms │ resolver 3 │ ⚠ ...

#include "ui/views/frame.hpp"

namespace pt::ui::views {

void draw_tabs(Canvas& canvas, Rect row, const Frame& frame);
void draw_hint_line(Canvas& canvas, Rect row, const Frame& frame);
void draw_status_bar(Canvas& canvas, Rect row, const Frame& frame);
void draw_help(Canvas& canvas, Rect screen, View view);
// Shown instead of everything when the terminal is below the minimum size.
void draw_too_small(Canvas& canvas, int min_width, int min_height);

}  // namespace pt::ui::views

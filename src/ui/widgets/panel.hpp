#pragma once
// A framed panel with a title in its top border, the building block of every view:
//   ┌─ Title ───────── note ─┐
//   │ inner                   │
//   └─────────────────────────┘

#include <string_view>

#include "ui/canvas.hpp"

namespace pt::ui::widgets {

// Draws the frame and returns the inner area (empty when area is too small for a frame).
Rect panel(Canvas& canvas, Rect area, std::string_view title, std::string_view note = {}, Style border = Style::Border);

void hline(Canvas& canvas, int x, int y, int width, Style style = Style::Border);

// A dim centered line for empty panels ("no flows yet").
void empty_note(Canvas& canvas, Rect area, std::string_view text);

}  // namespace pt::ui::widgets

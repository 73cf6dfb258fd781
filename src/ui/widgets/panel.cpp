#include "ui/widgets/panel.hpp"

#include <algorithm>
#include <string>

namespace pt::ui::widgets {

void hline(Canvas& canvas, int x, int y, int width, Style style) {
  for (int i = 0; i < width; ++i) canvas.put(x + i, y, U'─', style);
}

Rect panel(Canvas& canvas, Rect area, std::string_view title, std::string_view note, Style border) {
  if (area.w < 2 || area.h < 2) return {area.x, area.y, 0, 0};
  const int right = area.right() - 1;
  const int bottom = area.bottom() - 1;
  hline(canvas, area.x + 1, area.y, area.w - 2, border);
  hline(canvas, area.x + 1, bottom, area.w - 2, border);
  for (int y = area.y + 1; y < bottom; ++y) {
    canvas.put(area.x, y, U'│', border);
    canvas.put(right, y, U'│', border);
  }
  canvas.put(area.x, area.y, U'┌', border);
  canvas.put(right, area.y, U'┐', border);
  canvas.put(area.x, bottom, U'└', border);
  canvas.put(right, bottom, U'┘', border);
  const int room = area.w - 4;
  int used = 0;
  if (!title.empty() && room > 2) {
    used = canvas.text(area.x + 2, area.y, std::string(" ") + std::string(title) + " ", Style::Title, room);
  }
  if (!note.empty()) {
    const int note_room = room - used - 1;
    const std::string text = " " + std::string(note) + " ";
    const int w = std::min(text_width(text), note_room);
    if (w > 2) canvas.text(right - 1 - w, area.y, text, Style::Dim, w);
  }
  Rect inner = area.inset(1);
  inner.x += 1;  // one column of breathing room on each side
  inner.w -= 2;
  if (inner.w <= 0 || inner.h <= 0) return {inner.x, inner.y, 0, 0};
  return inner;
}

void empty_note(Canvas& canvas, Rect area, std::string_view text) {
  if (area.empty()) return;
  const int w = std::min(text_width(text), area.w);
  canvas.text(area.x + (area.w - w) / 2, area.y + (area.h - 1) / 2, text, Style::Dim, area.w);
}

}  // namespace pt::ui::widgets

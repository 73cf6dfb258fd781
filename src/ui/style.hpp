#pragma once
// What a cell means, not how it looks: views pick a role, the terminal maps each role to colors
// and attributes for the palette it has (8 or 256 colors, or none). Tests see roles only.

#include <cstdint>

namespace pt::ui {

enum class Style : std::uint8_t {
  Normal,
  Dim,           // secondary text, placeholders, "…" while pending
  Border,        // panel frames
  Title,         // panel titles
  Header,        // table column headers
  Cursor,        // the row under the cursor
  Marked,        // a selected (marked) row
  CursorMarked,  // both
  Accent,        // names and numbers worth noticing
  Good,          // healthy, encrypted
  Warn,          // suspicious, pending work, lag
  Alert,         // likely scanners, drops, errors
  TabActive,
  TabInactive,
  StatusBar,
  StatusKey,  // key hints inside the status bar
  Prompt,
  Bar,    // bar chart fill
  Spark,  // sparkline glyphs
  Count,  // number of roles, not a role
};

inline constexpr std::size_t kStyleCount = static_cast<std::size_t>(Style::Count);

}  // namespace pt::ui

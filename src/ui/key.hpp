#pragma once
// A key press as the dashboard sees it, independent of ncurses: the terminal decodes escape
// sequences into these, tests build them directly.

#include <cstdint>

namespace pt::ui {

enum class KeyCode : std::uint8_t {
  Char,  // a printable character in Key::ch
  Up,
  Down,
  Left,
  Right,
  PageUp,
  PageDown,
  Home,
  End,
  Enter,
  Escape,
  Backspace,
  Delete,
  Tab,
  Resize,  // the terminal changed size
};

struct Key {
  KeyCode code = KeyCode::Char;
  char32_t ch = 0;

  static constexpr Key character(char32_t c) { return {KeyCode::Char, c}; }
  static constexpr Key special(KeyCode code) { return {code, 0}; }
  friend constexpr bool operator==(const Key&, const Key&) = default;
};

}  // namespace pt::ui

// The only file that includes ncurses (scripts/check-layers.py enforces it).
#include "ui/terminal.hpp"

#include <langinfo.h>
#include <ncurses.h>
#include <term.h>
#include <termios.h>
#include <unistd.h>

#include <array>
#include <clocale>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace pt::ui {
namespace {

struct Look {
  short fg256;
  short bg256;
  short fg8;
  short bg8;
  attr_t color_attrs;  // added when colors are used
  attr_t mono_attrs;   // used alone on monochrome terminals
};

constexpr short kDefault = -1;

// One entry per Style, in enum order. 256-color values are xterm palette indexes.
constexpr std::array<Look, kStyleCount> kLooks{{
    /* Normal       */ {kDefault, kDefault, kDefault, kDefault, A_NORMAL, A_NORMAL},
    /* Dim          */ {244, kDefault, kDefault, kDefault, A_NORMAL, A_DIM},
    /* Border       */ {239, kDefault, COLOR_BLUE, kDefault, A_NORMAL, A_NORMAL},
    /* Title        */ {81, kDefault, COLOR_CYAN, kDefault, A_BOLD, A_BOLD},
    /* Header       */ {252, 237, COLOR_BLACK, COLOR_CYAN, A_BOLD, A_BOLD | A_UNDERLINE},
    /* Cursor       */ {16, 110, COLOR_BLACK, COLOR_CYAN, A_NORMAL, A_REVERSE},
    /* Marked       */ {220, kDefault, COLOR_YELLOW, kDefault, A_BOLD, A_BOLD},
    /* CursorMarked */ {16, 220, COLOR_BLACK, COLOR_YELLOW, A_BOLD, A_REVERSE | A_BOLD},
    /* Accent       */ {117, kDefault, COLOR_CYAN, kDefault, A_NORMAL, A_NORMAL},
    /* Good         */ {114, kDefault, COLOR_GREEN, kDefault, A_NORMAL, A_NORMAL},
    /* Warn         */ {214, kDefault, COLOR_YELLOW, kDefault, A_NORMAL, A_BOLD},
    /* Alert        */ {203, kDefault, COLOR_RED, kDefault, A_BOLD, A_BOLD | A_REVERSE},
    /* TabActive    */ {16, 75, COLOR_BLACK, COLOR_CYAN, A_BOLD, A_REVERSE | A_BOLD},
    /* TabInactive  */ {250, 236, COLOR_WHITE, COLOR_BLUE, A_NORMAL, A_NORMAL},
    /* StatusBar    */ {250, kDefault, kDefault, kDefault, A_NORMAL, A_NORMAL},
    /* StatusKey    */ {81, kDefault, COLOR_CYAN, kDefault, A_BOLD, A_BOLD},
    /* Prompt       */ {16, 222, COLOR_BLACK, COLOR_YELLOW, A_NORMAL, A_REVERSE},
    /* Bar          */ {75, kDefault, COLOR_CYAN, kDefault, A_NORMAL, A_NORMAL},
    /* Spark        */ {114, kDefault, COLOR_GREEN, kDefault, A_NORMAL, A_NORMAL},
}};

// A stand-in for glyphs a non-UTF-8 terminal cannot show. Box lines use the alternate
// character set instead (see glyph()).
char ascii_for(char32_t c) {
  switch (c) {
    case U'…': return '.';
    case U'▁':
    case U'▂': return '.';
    case U'▃':
    case U'▄': return ':';
    case U'▅':
    case U'▆':
    case U'▏':
    case U'▎':
    case U'▍':
    case U'▌':
    case U'▋':
    case U'▊':
    case U'▉': return '|';
    case U'▇':
    case U'█':
    case U'■': return '#';
    case U'●': return '*';
    case U'▶':
    case U'→':
    case U'›': return '>';
    case U'▼':
    case U'↓': return 'v';
    case U'↑': return '^';
    case U'⚠': return '!';
    case U'✓': return '+';
    case U'❚': return '|';
    case U'·': return '.';
    case U'×': return 'x';
    case U'—': return '-';
    default: return '?';
  }
}

const cchar_t* box_glyph(char32_t c) {
  switch (c) {
    case U'─': return WACS_HLINE;
    case U'│': return WACS_VLINE;
    case U'┌': return WACS_ULCORNER;
    case U'┐': return WACS_URCORNER;
    case U'└': return WACS_LLCORNER;
    case U'┘': return WACS_LRCORNER;
    default: return nullptr;
  }
}

KeyCode special_key(int code) {
  switch (code) {
    case KEY_UP: return KeyCode::Up;
    case KEY_DOWN: return KeyCode::Down;
    case KEY_LEFT: return KeyCode::Left;
    case KEY_RIGHT: return KeyCode::Right;
    case KEY_PPAGE: return KeyCode::PageUp;
    case KEY_NPAGE: return KeyCode::PageDown;
    case KEY_HOME:
    case KEY_FIND: return KeyCode::Home;
    case KEY_END:
    case KEY_SELECT:
    case KEY_LL: return KeyCode::End;
    case KEY_ENTER: return KeyCode::Enter;
    case KEY_BACKSPACE: return KeyCode::Backspace;
    case KEY_DC: return KeyCode::Delete;
    case KEY_RESIZE: return KeyCode::Resize;
    default: return KeyCode::Char;  // unknown: ignored by the caller
  }
}

void append_cap(std::array<char, 256>& buf, std::size_t& len, const char* name) {
  const char* cap = tigetstr(name);
  if (cap == nullptr || cap == reinterpret_cast<char*>(-1)) return;  // NOLINT: terminfo's "not a string" marker
  const std::size_t n = std::strlen(cap);
  if (len + n > buf.size()) return;
  std::memcpy(buf.data() + len, cap, n);
  len += n;
}

}  // namespace

struct Terminal::Impl {
  SCREEN* screen = nullptr;
  termios saved{};
  bool have_saved = false;
  std::array<char, 256> leave{};  // rmcup + cnorm + sgr0, written by emergency_restore
  std::size_t leave_len = 0;
  Palette palette = Palette::Monochrome;
  bool utf8 = true;
  Canvas shown;
  bool full_redraw = true;
  std::array<attr_t, kStyleCount> attrs{};
  std::array<short, kStyleCount> pairs{};

  void init_colors(bool monochrome);
  void put(int x, int y, const Cell& cell);
};

void Terminal::Impl::init_colors(bool monochrome) {
  if (!monochrome && has_colors() && start_color() == OK) {
    const bool defaults = use_default_colors() == OK;
    palette = COLORS >= 256 ? Palette::Colors256 : Palette::Colors8;
    for (std::size_t i = 0; i < kStyleCount; ++i) {
      const Look& l = kLooks[i];
      short fg = palette == Palette::Colors256 ? l.fg256 : l.fg8;
      short bg = palette == Palette::Colors256 ? l.bg256 : l.bg8;
      if (!defaults) {
        fg = fg < 0 ? static_cast<short>(COLOR_WHITE) : fg;
        bg = bg < 0 ? static_cast<short>(COLOR_BLACK) : bg;
      }
      const auto pair = static_cast<short>(i + 1);
      init_pair(pair, fg, bg);
      pairs[i] = pair;
      attrs[i] = l.color_attrs;
    }
    return;
  }
  palette = Palette::Monochrome;
  for (std::size_t i = 0; i < kStyleCount; ++i) {
    pairs[i] = 0;
    attrs[i] = kLooks[i].mono_attrs;
  }
}

void Terminal::Impl::put(int x, int y, const Cell& cell) {
  const auto s = static_cast<std::size_t>(cell.style);
  const attr_t attr = s < kStyleCount ? attrs[s] : A_NORMAL;
  const short pair = s < kStyleCount ? pairs[s] : 0;
  cchar_t out{};
  if (!utf8 && cell.ch >= 0x80) {
    if (const cchar_t* box = box_glyph(cell.ch)) {
      // Copy the line-drawing character out first: setcchar clears its target before reading.
      std::array<wchar_t, CCHARW_MAX + 1> chars{};
      attr_t box_attr = A_NORMAL;
      short box_pair = 0;
      getcchar(box, chars.data(), &box_attr, &box_pair, nullptr);
      setcchar(&out, chars.data(), box_attr | attr, pair, nullptr);
    } else {
      const std::array<wchar_t, 2> text{static_cast<wchar_t>(ascii_for(cell.ch)), 0};
      setcchar(&out, text.data(), attr, pair, nullptr);
    }
  } else {
    const std::array<wchar_t, 2> text{static_cast<wchar_t>(cell.ch), 0};
    setcchar(&out, text.data(), attr, pair, nullptr);
  }
  mvwadd_wch(stdscr, y, x, &out);  // ERR at the bottom-right corner is expected and harmless
}

Terminal::Terminal(TerminalOptions options) : impl_(std::make_unique<Impl>()) {
  if (isatty(STDIN_FILENO) == 0 || isatty(STDOUT_FILENO) == 0) {
    throw TerminalError(TerminalError::Kind::NotATerminal,
                        "the dashboard needs a terminal on stdin and stdout (use --simple or --report for pipes)");
  }
  impl_->have_saved = tcgetattr(STDIN_FILENO, &impl_->saved) == 0;
  // Only the character type: LC_NUMERIC stays "C" so numbers print with a '.'.
  std::setlocale(LC_CTYPE, "");
  impl_->utf8 = std::strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
  set_escdelay(static_cast<int>(options.escape_delay.count()));
  impl_->screen = newterm(nullptr, stdout, stdin);
  if (impl_->screen == nullptr) {
    const char* term = std::getenv("TERM");
    throw TerminalError(TerminalError::Kind::InitFailed,
                        std::string("cannot initialize the terminal (TERM=") + (term ? term : "unset") + ")");
  }
  set_term(impl_->screen);
  cbreak();  // Ctrl-C still raises SIGINT, which the app turns into a clean stop
  noecho();
  nonl();
  keypad(stdscr, TRUE);
  intrflush(stdscr, FALSE);
  leaveok(stdscr, TRUE);
  curs_set(0);
  append_cap(impl_->leave, impl_->leave_len, "sgr0");
  append_cap(impl_->leave, impl_->leave_len, "cnorm");
  append_cap(impl_->leave, impl_->leave_len, "rmcup");
  impl_->init_colors(options.monochrome);
}

Terminal::~Terminal() { restore(); }

void Terminal::restore() noexcept {
  if (impl_ == nullptr || impl_->screen == nullptr) return;
  curs_set(1);
  endwin();
  delscreen(impl_->screen);
  impl_->screen = nullptr;
  if (impl_->have_saved) tcsetattr(STDIN_FILENO, TCSANOW, &impl_->saved);
}

void Terminal::emergency_restore() const noexcept {
  if (impl_ == nullptr || impl_->screen == nullptr) return;
  if (impl_->have_saved) tcsetattr(STDIN_FILENO, TCSANOW, &impl_->saved);
  if (impl_->leave_len > 0) {
    [[maybe_unused]] const auto n = ::write(STDOUT_FILENO, impl_->leave.data(), impl_->leave_len);
  }
}

int Terminal::width() const { return impl_->screen ? getmaxx(stdscr) : 0; }
int Terminal::height() const { return impl_->screen ? getmaxy(stdscr) : 0; }
Palette Terminal::palette() const { return impl_->palette; }

std::optional<Key> Terminal::read_key(std::chrono::milliseconds timeout) {
  if (impl_->screen == nullptr) return std::nullopt;
  wtimeout(stdscr, static_cast<int>(timeout.count()));
  wint_t ch = 0;
  const int r = wget_wch(stdscr, &ch);
  if (r == KEY_CODE_YES) {
    const KeyCode code = special_key(static_cast<int>(ch));
    if (code == KeyCode::Char) return std::nullopt;
    if (code == KeyCode::Resize) impl_->full_redraw = true;
    return Key::special(code);
  }
  if (r != OK) return std::nullopt;
  switch (ch) {
    case L'\n':
    case L'\r': return Key::special(KeyCode::Enter);
    case 27: return Key::special(KeyCode::Escape);
    case 127:
    case 8: return Key::special(KeyCode::Backspace);
    case L'\t': return Key::special(KeyCode::Tab);
    default: break;
  }
  if (ch < 0x20) return std::nullopt;  // other control keys mean nothing here
  return Key::character(static_cast<char32_t>(ch));
}

void Terminal::present(const Canvas& canvas) {
  if (impl_->screen == nullptr) return;
  Impl& t = *impl_;
  const bool resized = t.shown.width() != canvas.width() || t.shown.height() != canvas.height();
  if (resized || t.full_redraw) {
    t.shown.resize(canvas.width(), canvas.height());
    werase(stdscr);
    clearok(stdscr, TRUE);
  }
  for (int y = 0; y < canvas.height(); ++y) {
    for (int x = 0; x < canvas.width(); ++x) {
      const Cell& cell = canvas.at(x, y);
      if (!resized && !t.full_redraw && cell == t.shown.at(x, y)) continue;
      if (cell.ch == 0) continue;  // the right half of a wide glyph is drawn with its left half
      t.put(x, y, cell);
    }
  }
  t.shown = canvas;
  t.full_redraw = false;
  wnoutrefresh(stdscr);
  doupdate();
}

}  // namespace pt::ui

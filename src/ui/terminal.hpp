#pragma once
// The screen and the keyboard, through ncursesw (this pair of files is its only user). Opening a
// Terminal takes over the tty (alternate screen, cbreak, no echo, keypad, hidden cursor); the
// destructor gives it back, also during exception unwinding. One Terminal at a time.
//
// Signals: the app owns them. It must
//   - leave SIGWINCH alone (ncurses installs its handler at start and reports KEY_RESIZE),
//   - turn SIGINT/SIGTERM into a stop flag that Dashboard::run polls (at least every 50 ms),
//   - on fatal signals (SIGSEGV, SIGABRT...) call emergency_restore() from its handler, which
//     only uses async-signal-safe calls (tcsetattr, write), then re-raise.

#include <array>
#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>

#include "ui/canvas.hpp"
#include "ui/key.hpp"

namespace pt::ui {

class TerminalError : public std::runtime_error {
 public:
  enum class Kind : std::uint8_t { NotATerminal, InitFailed };
  TerminalError(Kind kind, const std::string& what) : std::runtime_error(what), kind_(kind) {}
  [[nodiscard]] Kind kind() const { return kind_; }

 private:
  Kind kind_;
};

struct TerminalOptions {
  std::chrono::milliseconds escape_delay{100};  // how long a lone Esc waits for a sequence (spec)
  bool monochrome = false;                      // ignore colors even when the terminal has them
};

enum class Palette : std::uint8_t { Monochrome, Colors8, Colors256 };

class Terminal {
 public:
  explicit Terminal(TerminalOptions options = {});  // throws TerminalError
  ~Terminal();
  Terminal(const Terminal&) = delete;
  Terminal& operator=(const Terminal&) = delete;
  Terminal(Terminal&&) = delete;
  Terminal& operator=(Terminal&&) = delete;

  [[nodiscard]] int width() const;
  [[nodiscard]] int height() const;
  [[nodiscard]] Palette palette() const;

  // Waits up to timeout for a key; Resize when the terminal changed size; nullopt on timeout
  // or when a signal interrupted the wait.
  std::optional<Key> read_key(std::chrono::milliseconds timeout);
  // Copies the canvas to the screen: only cells that changed since the last call, one refresh.
  void present(const Canvas& canvas);

  // Gives the tty back now (idempotent; the destructor calls it).
  void restore() noexcept;
  // For fatal-signal handlers: restores the tty modes and leaves the alternate screen using
  // only async-signal-safe calls. Does not free anything.
  void emergency_restore() const noexcept;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace pt::ui

#pragma once
// Drives a program in a real terminal for end-to-end tests: a detached tmux session on a private
// socket (never the user's server), keys sent with send-keys, the screen read with
// capture-pane, and polling with a deadline instead of fixed sleeps.

#include <unistd.h>

#include <array>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "support/tmux_screen.hpp"

namespace pt::ui::testing {

class TmuxSession {
 public:
  // Starts command in a width x height terminal. The socket name is unique per process.
  TmuxSession(const std::string& command, int width, int height)
      : socket_("pt-ui-test-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++)) {
    ok_ = run("new-session -d -s main -x " + std::to_string(width) + " -y " + std::to_string(height) + " " +
              quote(command)) == 0;
    if (ok_) socket_path_ = pane_format("socket_path");
  }
  // kill-server leaves the socket file behind (tmux 3.3); remove it so runs do not pile them up.
  ~TmuxSession() {
    run("kill-server");
    if (!socket_path_.empty()) {
      std::error_code ec;
      std::filesystem::remove(socket_path_, ec);
    }
  }
  TmuxSession(const TmuxSession&) = delete;
  TmuxSession& operator=(const TmuxSession&) = delete;

  [[nodiscard]] bool started() const { return ok_; }
  static bool available() { return std::system("tmux -V >/dev/null 2>&1") == 0; }

  // Keys in tmux's send-keys syntax: "q", "Down", "PageDown", "Space", "Enter", "Escape", "C-c".
  void send(const std::string& keys) { run("send-keys -t main " + keys); }
  // Literal text (send-keys -l).
  void type(const std::string& text) { run("send-keys -t main -l " + quote(text)); }
  void resize(int width, int height) {
    run("resize-window -t main -x " + std::to_string(width) + " -y " + std::to_string(height));
  }
  // The visible screen; with escapes=true the SGR color sequences too.
  std::string screen(bool escapes = false) {
    return output("capture-pane -p " + std::string(escapes ? "-e " : "") + "-t main");
  }
  // The pane's process id (the command's shell or the program itself).
  std::optional<int> pane_pid() {
    const std::string out = output("display-message -p -t main '#{pane_pid}'");
    if (out.empty()) return std::nullopt;
    return std::stoi(out);
  }
  // A tmux format variable of the pane ("alternate_on", "cursor_flag"), trailing newline cut.
  std::string pane_format(const std::string& variable) {
    std::string out = output("display-message -p -t main '#{" + variable + "}'");
    while (!out.empty() && (out.back() == '\n' || out.back() == '\r')) out.pop_back();
    return out;
  }
  // The terminal modes a full-screen program changes: the alternate screen is shown, the cursor is
  // hidden.
  bool alternate_screen() { return pane_format("alternate_on") == "1"; }
  bool cursor_visible() { return pane_format("cursor_flag") == "1"; }

  // How long a screen that satisfies a wait must keep satisfying it: a program writes a frame in
  // several chunks and tmux shows each as it arrives, so one capture can catch half a frame.
  static constexpr std::chrono::milliseconds kSettle{100};

  // Polls the screen until it contains text (or the deadline passes); returns that screen.
  std::optional<std::string> wait_for(const std::string& text,
                                      std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    return wait_until([&](const std::string& s) { return s.find(text) != std::string::npos; }, timeout);
  }
  // Polls the screen until pred(screen) holds on two captures kSettle apart (or the deadline
  // passes); returns the second.
  template <typename Pred>
  std::optional<std::string> wait_until(Pred pred, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (std::chrono::steady_clock::now() < deadline) {
      if (pred(screen())) {
        std::this_thread::sleep_for(kSettle);
        std::string again = screen();
        if (pred(again)) return again;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    return std::nullopt;
  }
  // The screen with the look of every stretch of text (colors, bold, reverse).
  std::vector<test::TmuxLine> styled_screen() { return test::parse_tmux_capture(screen(true)); }
  // Types a line and presses Enter (a command for a shell in the pane).
  void type_line(const std::string& text) {
    type(text);
    send("Enter");
  }
  [[nodiscard]] const std::string& socket() const { return socket_; }

  // Polls until the screen no longer contains text.
  bool wait_gone(const std::string& text, std::chrono::milliseconds timeout = std::chrono::seconds(10)) {
    return wait_until([&](const std::string& s) { return s.find(text) == std::string::npos; }, timeout).has_value();
  }

  static std::string quote(const std::string& s) {
    std::string out = "'";
    for (char c : s) {
      if (c == '\'') {
        out += "'\\''";
      } else {
        out += c;
      }
    }
    return out + "'";
  }

 private:
  static int& counter() {
    static int n = 0;
    return n;
  }
  int run(const std::string& args) {
    return std::system(("tmux -f /dev/null -L " + socket_ + " " + args + " >/dev/null 2>&1").c_str());
  }
  std::string output(const std::string& args) {
    std::string out;
    FILE* p = ::popen(("tmux -f /dev/null -L " + socket_ + " " + args + " 2>/dev/null").c_str(), "r");
    if (p == nullptr) return out;
    std::array<char, 4096> buf{};
    std::size_t n = 0;
    while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) out.append(buf.data(), n);
    ::pclose(p);
    return out;
  }

  std::string socket_;
  std::string socket_path_;
  bool ok_ = false;
};

}  // namespace pt::ui::testing

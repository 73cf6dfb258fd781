#pragma once
// The fixture of the replay end-to-end suites: the real packettracer dashboard over a shared
// capture (`-r FILE --no-resolve`), typed into a shell in a private tmux server, inside a
// namespace with only loopback so the traces the keys request stay on this machine (they fail
// at once: no route). Helpers send keys and poll the screen until the expected effect shows.

#include <gtest/gtest.h>

#include <algorithm>
#include <concepts>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "support/paths.hpp"
#include "ui/dashboard_e2e_harness.hpp"
#include "ui/dashboard_e2e_screen.hpp"

namespace pt::ui::e2e {

namespace fs = std::filesystem;

class DashboardReplay : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const auto why = missing_prerequisite(); !why.empty()) GTEST_SKIP() << why;
    if (!fs::exists(capture("ndpi/1kxun.pcap"))) {
      GTEST_SKIP() << "shared captures not found under " << test::shared_dir_path() << " (set PT_SHARED_DIR)";
    }
    ASSERT_TRUE(isolated_.ok()) << "cannot create a network namespace";
    ASSERT_TRUE(shell_.ready()) << shell_.tmux().screen();
    terminal_before_ = shell_.stty_state();
    ASSERT_TRUE(terminal_before_) << shell_.tmux().screen();
  }

  static fs::path capture(const std::string& name) { return test::shared_dir_path() / "pcaps" / name; }

  // Starts the dashboard over a capture and waits until the whole file is read and the flow
  // table shows all of it (a costly table is rebuilt at most twice a second, so it can lag the
  // status bar); opened_ is that screen.
  void open(const std::string& name, std::vector<std::string> extra = {"--no-db"}) {
    std::vector<std::string> args{"-r", capture(name).string(), "--no-resolve", "--log-file",
                                  (temp_.path() / "pt.log").string()};
    args.insert(args.end(), extra.begin(), extra.end());
    shell_.start(dashboard_command(isolated_, state_dir(), args));
    const auto done = wait_shot(
        tmux(),
        [](const Shot& s) {
          const std::string status = status_line(s.text);
          const auto range = title_range(s.text);
          return status.find("■ REPLAY DONE") != std::string::npos && range &&
                 status.find("│ " + status_count(range->total) + " flows │") != std::string::npos;
        },
        kStartTimeout);
    ASSERT_TRUE(done) << tmux().screen();
    opened_ = *done;
    expect_full_screen(tmux());
  }
  // The number of flows in the capture (the table's total right after open()).
  [[nodiscard]] int total_flows() const {
    const auto range = title_range(opened_.text);
    return range ? range->total : -1;
  }

  // Sends keys, then waits for the screen to satisfy pred; returns that screen.
  template <std::predicate<const Shot&> Pred>
  std::optional<Shot> press(const std::string& keys, Pred pred) {
    if (!keys.empty()) tmux().send(keys);
    return wait_shot(tmux(), pred, kStepTimeout);
  }
  std::optional<Shot> press(const std::string& keys, const std::string& text) {
    return press(keys, [&](const Shot& s) { return s.text.find(text) != std::string::npos; });
  }

  // The cursor's index in the whole list (the title's range plus the highlighted row).
  static int absolute_cursor(const Shot& s) {
    const auto range = title_range(s.text);
    const int row = cursor_row(s.styled);
    return range && row >= 0 ? range->first - 1 + row : -1;
  }
  std::optional<Shot> cursor_at(const std::string& keys, int index) {
    return press(keys, [&](const Shot& s) { return absolute_cursor(s) == index; });
  }

  // keys quit (q, C-c); see expect_clean_exit(). Returns the screen the program left.
  std::string expect_quit_restores_terminal(const std::string& keys) {
    tmux().send(keys);
    return expect_clean_exit(shell_, terminal_before_);
  }

  TmuxSession& tmux() { return shell_.tmux(); }
  // PACKETTRACER_HOME of the program (its default database and log would go here).
  [[nodiscard]] fs::path state_dir() const { return temp_.path() / "state"; }

  Netns isolated_{"x"};  // loopback only: trace probes fail at once, locally
  TempDir temp_;
  ShellPane shell_{160, 45};
  std::optional<std::string> terminal_before_;
  Shot opened_;
};

inline bool all_rows(const Shot& s, const std::function<bool(const FlowLine&)>& pred) {
  const auto rows = flow_rows(s.text);
  return !rows.empty() && std::all_of(rows.begin(), rows.end(), pred);
}

}  // namespace pt::ui::e2e

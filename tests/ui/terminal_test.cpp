// The dashboard through a real terminal (tmux, private socket), before the app is wired: this
// binary runs itself inside tmux as the child — a Dashboard over a FakeSource on a real Terminal —
// and the parent tests type keys and read the screen. Covers what unit tests cannot: ncurses
// setup, key decoding, resize, and giving the terminal back on q, Ctrl-C and SIGTERM.

#include "ui/terminal.hpp"

#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include "ui/dashboard.hpp"
#include "ui/fake_source.hpp"
#include "ui/tmux_session.hpp"

namespace pt::ui {
namespace {

std::atomic<bool> g_stop{false};  // the child's signal flag (the app owns this in the program)
void on_signal(int /*signal*/) { g_stop = true; }

TEST(TerminalChild, Run) {
  if (std::getenv("PT_UI_TERMINAL_CHILD") == nullptr)
    GTEST_SKIP() << "runs only inside tmux, started by TerminalEndToEnd";
  std::signal(SIGINT, on_signal);
  std::signal(SIGTERM, on_signal);
  testing::FakeSource source;
  source.capture.source = "tmux0";
  source.labels[testing::ip("8.8.8.8")] =
      testing::found("dns.google", "dns.google", "US", "United States", "", 15169, "GOOGLE");
  source.snap = testing::make_snapshot({
      testing::make_flow({.dst = "8.8.8.8", .bytes_sent = 9000, .app = 126, .master = 91}),
      testing::make_flow({.protocol = 17, .sport = 5353, .dst = "1.1.1.1", .dport = 53, .app = 5}),
  });
  ExitReason reason = ExitReason::Stopped;
  {
    Terminal terminal;
    Dashboard dashboard(source);
    reason = dashboard.run(terminal, g_stop);
  }
  std::printf("dashboard exited: %s\n", reason == ExitReason::Quit ? "quit" : "stopped");
}

class TerminalEndToEnd : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!testing::TmuxSession::available()) GTEST_SKIP() << "tmux is not installed";
  }
  static std::string child_command() {
    const std::string self = std::filesystem::read_symlink("/proc/self/exe").string();
    return "env PT_UI_TERMINAL_CHILD=1 LANG=C.UTF-8 TERM=tmux-256color ASAN_OPTIONS=detect_leaks=0 " +
           testing::TmuxSession::quote(self) +
           " --gtest_filter=TerminalChild.Run --gtest_brief=1; echo CHILD-EXITED rc=$?; sleep 60";
  }
  // The dashboard's pid: the child of the pane's shell.
  static std::optional<int> child_of(int pid) {
    std::ifstream children("/proc/" + std::to_string(pid) + "/task/" + std::to_string(pid) + "/children");
    int child = 0;
    if (children >> child) return child;
    return std::nullopt;
  }
};

bool has(const std::optional<std::string>& s, std::string_view what) { return s && s->find(what) != std::string::npos; }

TEST_F(TerminalEndToEnd, ViewsKeysPromptResizeAndQuit) {
  testing::TmuxSession tmux(child_command(), 130, 36);
  ASSERT_TRUE(tmux.started());
  ASSERT_TRUE(tmux.wait_for("8.8.8.8:443")) << tmux.screen();
  EXPECT_TRUE(has(tmux.wait_for("tmux0 ● LIVE"), "dns.google"));
  const std::array<std::pair<const char*, const char*>, 5> views{
      {{"2", "No traces yet"}, {"3", "Countries"}, {"4", "Applications"}, {"5", "Scan detection"}, {"1", "Flows 1-2"}}};
  for (const auto& [key, marker] : views) {
    tmux.send(key);
    EXPECT_TRUE(tmux.wait_for(marker)) << key << "\n" << tmux.screen();
  }
  // The filter prompt: typed text filters as you type, Enter keeps it.
  tmux.send("/");
  tmux.type("8.8");
  EXPECT_TRUE(tmux.wait_for("Filter IP or name: 8.8"));
  tmux.send("Enter");
  EXPECT_TRUE(tmux.wait_for("/8.8 · sort bytes"));
  EXPECT_TRUE(tmux.wait_gone("1.1.1.1:53"));
  tmux.send("Escape");
  tmux.send("c");
  EXPECT_TRUE(tmux.wait_for("1.1.1.1:53"));
  // Arrow keys and Space through ncurses' escape-sequence decoding.
  tmux.send("Down");
  tmux.send("Space");
  EXPECT_TRUE(tmux.wait_for("1 selected"));
  EXPECT_TRUE(has(tmux.wait_for("●"), "1.1.1.1:53"));
  tmux.send("?");
  EXPECT_TRUE(tmux.wait_for("Keys · Traffic view"));
  tmux.send("Escape");
  EXPECT_TRUE(tmux.wait_gone("Keys · Traffic view"));
  // Resize: the next frame is laid out for the new size (the frame closes at the new right edge).
  tmux.resize(70, 20);
  bool fitted = false;
  for (int i = 0; i < 200 && !fitted; ++i) {
    std::istringstream lines(tmux.screen());
    std::string top;
    std::string frame;
    std::getline(lines, top);
    std::getline(lines, frame);
    fitted = text_width(frame) == 70 && frame.ends_with("┐") && top.find("PacketTracer") != std::string::npos;
    if (!fitted) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_TRUE(fitted) << tmux.screen();
  // Colors reach the terminal as 256-color SGR sequences.
  EXPECT_NE(tmux.screen(true).find("\x1b[38;5;"), std::string::npos);
  tmux.send("q");
  const auto after = tmux.wait_for("CHILD-EXITED rc=0");
  ASSERT_TRUE(after) << tmux.screen();
  EXPECT_TRUE(has(after, "dashboard exited: quit"));
  EXPECT_FALSE(has(after, "PacketTracer"));  // the alternate screen is gone
}

TEST_F(TerminalEndToEnd, CtrlCAndSigtermStopCleanly) {
  {
    testing::TmuxSession tmux(child_command(), 100, 30);
    ASSERT_TRUE(tmux.wait_for("8.8.8.8:443")) << tmux.screen();
    tmux.send("C-c");
    const auto after = tmux.wait_for("CHILD-EXITED rc=0");
    ASSERT_TRUE(after) << tmux.screen();
    EXPECT_TRUE(has(after, "dashboard exited: stopped"));
    EXPECT_FALSE(has(after, "PacketTracer"));
  }
  {
    testing::TmuxSession tmux(child_command(), 100, 30);
    ASSERT_TRUE(tmux.wait_for("8.8.8.8:443")) << tmux.screen();
    const auto shell = tmux.pane_pid();
    ASSERT_TRUE(shell);
    const auto dashboard = child_of(*shell);
    ASSERT_TRUE(dashboard);
    ASSERT_EQ(::kill(*dashboard, SIGTERM), 0);
    const auto after = tmux.wait_for("CHILD-EXITED rc=0");
    ASSERT_TRUE(after) << tmux.screen();
    EXPECT_TRUE(has(after, "dashboard exited: stopped"));
  }
}

}  // namespace
}  // namespace pt::ui

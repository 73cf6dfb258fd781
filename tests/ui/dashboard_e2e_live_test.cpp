// The real dashboard capturing live (`-i veth0`) in a namespace lab (dashboard_e2e_lab.hpp)
// while the test makes traffic: the flows appear, f cycles through them, a traceroute to the
// server shows its two hops in view 2 (r runs it again, c clears), a selection survives new
// traffic that reorders the table and filters the other views, l hides local traffic, p freezes
// the picture, and q, Ctrl-C and SIGTERM all give the terminal back. Each test builds its own
// lab and dashboard.

#include <gtest/gtest.h>
#include <signal.h>

#include <algorithm>
#include <concepts>
#include <regex>

#include "ui/dashboard_e2e_harness.hpp"
#include "ui/dashboard_e2e_lab.hpp"
#include "ui/dashboard_e2e_screen.hpp"

namespace pt::ui::e2e {
namespace {

constexpr std::uint16_t kSmallPort = 5001;
constexpr std::uint16_t kLargePort = 5002;

class DashboardLive : public ::testing::Test {
 protected:
  void SetUp() override {
    if (const auto why = missing_prerequisite(); !why.empty()) GTEST_SKIP() << why;
    ASSERT_TRUE(lab_.build()) << "cannot build the namespace lab: " << lab_.error();
    ASSERT_TRUE(shell_.ready()) << shell_.tmux().screen();
    terminal_before_ = shell_.stty_state();
    ASSERT_TRUE(terminal_before_);
    shell_.start(dashboard_command(
        lab_.host(), temp_.path() / "state",
        {"-i", "veth0", "--no-db", "--no-resolve", "--log-file", (temp_.path() / "pt.log").string()}));
    ASSERT_TRUE(tmux().wait_for("veth0 ● LIVE", kStartTimeout)) << tmux().screen();
    expect_full_screen(tmux());
  }

  TmuxSession& tmux() { return shell_.tmux(); }

  template <std::predicate<const Shot&> Pred>
  std::optional<Shot> press(const std::string& keys, Pred pred) {
    if (!keys.empty()) tmux().send(keys);
    return wait_shot(tmux(), pred, kStepTimeout);
  }
  std::optional<Shot> press(const std::string& keys, const std::string& text) {
    return press(keys, [&](const Shot& s) { return s.text.find(text) != std::string::npos; });
  }

  // Ping, a small and a large TCP exchange and UDP echoes from the host to the server; returns
  // the screen once the Traffic view shows all four flows.
  std::optional<Shot> make_traffic() {
    if (!lab_.ping(3) || lab_.tcp_exchange(kSmallPort, 3000, 5000) != 5000U ||
        lab_.tcp_exchange(kLargePort, 1000, 40000) != 40000U || lab_.udp_exchange(3, 200) != 3) {
      ADD_FAILURE() << "the lab's traffic failed";
      return std::nullopt;
    }
    const std::string small = std::string(kServerAddress) + ":" + std::to_string(kSmallPort);
    const std::string large = std::string(kServerAddress) + ":" + std::to_string(kLargePort);
    return press("", [&](const Shot& s) {
      const auto rows = flow_rows(s.text);
      const auto has = [&](const std::string& proto, const std::string& dst) {
        return std::any_of(rows.begin(), rows.end(),
                           [&](const FlowLine& f) { return f.proto == proto && f.destination == dst; });
      };
      return has("TCP", small) && has("TCP", large) && has("ICMP", kServerAddress) &&
             has("UDP", std::string(kServerAddress) + ":" + std::to_string(kUdpEchoPort));
    });
  }

  static std::optional<FlowLine> row_to(const Shot& s, const std::string& destination) {
    for (const auto& f : flow_rows(s.text)) {
      if (f.destination == destination) return f;
    }
    return std::nullopt;
  }

  LiveLab lab_{{kSmallPort, kLargePort}};
  TempDir temp_;
  ShellPane shell_{160, 45};
  std::optional<std::string> terminal_before_;
};

const std::string kServer = kServerAddress;
const std::string kSmall = kServer + ":" + std::to_string(kSmallPort);
const std::string kLarge = kServer + ":" + std::to_string(kLargePort);

TEST_F(DashboardLive, FlowsAppearAndTheProtocolFilterCyclesThem) {
  const auto all = make_traffic();
  ASSERT_TRUE(all) << tmux().screen();
  EXPECT_EQ(flow_rows(all->text)[0].destination, kLarge);  // sorted by bytes

  // f: All → TCP → UDP → ICMP → All, the rows follow.
  for (const char* proto : {"TCP", "UDP", "ICMP"}) {
    EXPECT_TRUE(
        press("f",
              [&](const Shot& s) {
                const auto rows = flow_rows(s.text);
                return s.text.find(std::string(proto) + " · sort bytes") != std::string::npos && !rows.empty() &&
                       std::all_of(rows.begin(), rows.end(), [&](const FlowLine& f) { return f.proto == proto; });
              }))
        << proto << "\n"
        << tmux().screen();
  }
  EXPECT_TRUE(press("f", [](const Shot& s) {
    return s.text.find("─ sort bytes") != std::string::npos && flow_rows(s.text).size() >= 4;
  })) << tmux().screen();

  tmux().send("q");
  expect_clean_exit(shell_, terminal_before_);
}

TEST_F(DashboardLive, EnterTracesTheServerInTwoHopsAndPathsKeysRefreshAndClear) {
  ASSERT_TRUE(make_traffic()) << tmux().screen();
  ASSERT_TRUE(press("Home", [](const Shot& s) { return cursor_row(s.styled) == 0; }));
  EXPECT_TRUE(press("Enter", "Tracing route to " + kServer)) << tmux().screen();
  const auto traced = press("2", [](const Shot& s) {
    return s.text.find("reached in 2 hops") != std::string::npos &&
           std::regex_search(s.text, std::regex(R"(│\s+1 10\.77\.1\.1\s)")) &&
           std::regex_search(s.text, std::regex(R"(│\s+2 10\.77\.2\.2\s)"));
  });
  EXPECT_TRUE(traced) << tmux().screen();
  EXPECT_TRUE(press("r", [](const Shot& s) {
    return std::regex_search(s.text, std::regex(R"(10\.77\.2\.2 current 2 hops ×2 )"));
  })) << tmux().screen();
  EXPECT_TRUE(press("c", "No traces yet")) << tmux().screen();
}

TEST_F(DashboardLive, SelectionSurvivesReorderingAndFiltersTheOtherViews) {
  const auto before = make_traffic();
  ASSERT_TRUE(before) << tmux().screen();
  const auto rows = flow_rows(before->text);
  const auto small = std::find_if(rows.begin(), rows.end(), [](const FlowLine& f) { return f.destination == kSmall; });
  ASSERT_NE(small, rows.end());
  const int small_index = static_cast<int>(small - rows.begin());
  ASSERT_TRUE(press("Home", [](const Shot& s) { return cursor_row(s.styled) == 0; }));
  for (int i = 0; i < small_index; ++i) tmux().send("Down");
  const auto marked = press("Space", [&](const Shot& s) {
    const auto r = row_to(s, kSmall);
    return r && r->marked && s.text.find("1 selected") != std::string::npos;
  });
  ASSERT_TRUE(marked) << tmux().screen();
  const FlowLine chosen = *row_to(*marked, kSmall);

  EXPECT_TRUE(press("3", [](const Shot& s) {
    return s.text.find("selected flows") != std::string::npos &&
           std::regex_search(s.text, std::regex(R"(Flows\s+1 selected)"));
  })) << tmux().screen();
  // New, bigger traffic while another view is shown: the table order changes under the selection.
  ASSERT_EQ(lab_.tcp_exchange(kLargePort, 2000, 400000), 400000U);
  ASSERT_TRUE(lab_.ping(2));
  EXPECT_TRUE(press("4", "of 1 flows encrypted")) << tmux().screen();
  EXPECT_TRUE(press("5", [](const Shot& s) {
    return s.text.find("Ports 1-1 of 1") != std::string::npos &&
           s.text.find("selected · sort bytes") != std::string::npos &&
           std::regex_search(s.text, std::regex(R"(│\s+5001 TCP )"));
  })) << tmux().screen();
  EXPECT_TRUE(press("2", "selected flows")) << tmux().screen();
  const auto after = press("1", [&](const Shot& s) {
    const auto r = flow_rows(s.text);
    const auto it = std::find_if(r.begin(), r.end(), [](const FlowLine& f) { return f.destination == kSmall; });
    return it != r.end() && it - r.begin() > small_index && s.text.find("1 selected") != std::string::npos;
  });
  ASSERT_TRUE(after) << "the new traffic did not move the selected flow down\n" << tmux().screen();
  const auto now = row_to(*after, kSmall);
  EXPECT_TRUE(now->marked) << after->text;
  EXPECT_EQ(now->source, chosen.source);  // the same connection, not another one to the port
  const auto after_rows = flow_rows(after->text);
  EXPECT_EQ(std::count_if(after_rows.begin(), after_rows.end(), [](const FlowLine& f) { return f.marked; }), 1);
  // Paths s traces the selection's destination.
  ASSERT_TRUE(press("2", "No traces yet"));
  EXPECT_TRUE(press("s", "Tracing route to " + kServer)) << tmux().screen();
  EXPECT_TRUE(press("", "reached in 2 hops")) << tmux().screen();
}

TEST_F(DashboardLive, LocalToggleHidesTheLabAndPauseFreezesThePicture) {
  ASSERT_TRUE(make_traffic()) << tmux().screen();
  // l: every flow here is local, so hiding local traffic leaves none.
  EXPECT_TRUE(press("l", [](const Shot& s) {
    return s.text.find("local hidden") != std::string::npos && flow_rows(s.text).empty() &&
           s.text.find("No flows match the filters") != std::string::npos;
  })) << tmux().screen();
  EXPECT_TRUE(press("l", [](const Shot& s) { return !flow_rows(s.text).empty(); }));

  // p freezes the picture while the capture goes on; resuming shows what came meanwhile.
  const auto paused = press("p", [](const Shot& s) {
    return status_line(s.text).find("❚❚ PAUSED") != std::string::npos && title_range(s.text).has_value();
  });
  ASSERT_TRUE(paused) << tmux().screen();
  const int flows_paused = title_range(paused->text)->total;
  ASSERT_TRUE(lab_.ping(1));
  ASSERT_EQ(lab_.udp_exchange(1, 100), 1);
  // Nothing may change for a while (an absence, so a bounded wait; unpaused it shows in 0.1 s).
  const auto changed = wait_shot(
      tmux(), [&](const Shot& s) { return title_range(s.text) && title_range(s.text)->total != flows_paused; }, 3s);
  EXPECT_FALSE(changed) << "the picture changed while paused\n" << changed->text;
  EXPECT_TRUE(press("p", [&](const Shot& s) {
    return status_line(s.text).find("● LIVE") != std::string::npos && title_range(s.text) &&
           title_range(s.text)->total > flows_paused;
  })) << tmux().screen();
}

TEST_F(DashboardLive, CtrlCStopsCleanly) {
  ASSERT_TRUE(lab_.ping(2));
  ASSERT_TRUE(tmux().wait_for("ICMP", kStepTimeout)) << tmux().screen();
  tmux().send("C-c");
  expect_clean_exit(shell_, terminal_before_);
}

TEST_F(DashboardLive, SigtermStopsCleanly) {
  ASSERT_TRUE(lab_.ping(2));
  ASSERT_TRUE(tmux().wait_for("ICMP", kStepTimeout)) << tmux().screen();
  const auto pid = shell_.find_process("packettracer");
  ASSERT_TRUE(pid) << "no packettracer process under the pane's shell";
  ASSERT_EQ(::kill(*pid, SIGTERM), 0);
  expect_clean_exit(shell_, terminal_before_);
}

}  // namespace
}  // namespace pt::ui::e2e

// The real packettracer dashboard over a shared capture (`-r FILE`), driven through tmux: every
// view with its panels and help overlay, a resize (smaller, too small, larger) laid out again
// without leftovers, and q / Ctrl-C giving the shell its terminal back as it was.

#include <gtest/gtest.h>

#include <algorithm>

#include "ui/dashboard_e2e_replay_fixture.hpp"

namespace pt::ui::e2e {
namespace {

struct ViewCheck {
  const char* key;
  const char* tab;
  std::vector<const char*> panels;
  const char* help;  // a line of this view's help overlay
};

TEST_F(DashboardReplay, EveryViewWithItsPanelsAndHelpThenQuitRestoresTerminal) {
  const fs::path db = temp_.path() / "history.db";
  open("ndpi/1kxun.pcap", {"--db", db.string()});
  const std::string status = status_line(opened_.text);
  EXPECT_NE(status.find("1kxun.pcap"), std::string::npos) << status;
  EXPECT_NE(status.find(" flows"), std::string::npos) << status;
  EXPECT_NE(status.find("db "), std::string::npos) << status;

  const std::vector<ViewCheck> views{
      {"2",
       "2 Paths",
       {"Traces", "Hop summary · passive TTL", "Route history & changes", "No traces yet"},
       "Refresh traces"},
      {"3",
       "3 Stats",
       {"Overview", "Throughput · 60 s", "Countries", "Owners (AS)", "Protocols", "Top Talkers", "Top Domains"},
       "Everywhere"},
      {"4",
       "4 Analysis",
       {"Applications", "Categories", "Encryption", "Protocols", "Packet sizes", "TCP flags", "ICMP types"},
       "Everywhere"},
      {"5",
       "5 Ports",
       {"Ports 1-", "Scan detection", "Port ranges", "Services", "Top hit ports", "Summary"},
       "Sort: bytes / packets / connections / rate"},
      {"1",
       "1 Traffic",
       {"─ Flows ", "Source", "Destination", "FQDN", "Proto", "Sent", "Recv", "Pkts", "Location", "App"},
       "Filter by IP (or name) substring"},
  };
  for (const auto& v : views) {
    const auto shown = press(v.key, [&](const Shot& s) {
      return active_tab_is(s.styled, v.tab) && std::all_of(v.panels.begin(), v.panels.end(), [&](const char* p) {
               return s.text.find(p) != std::string::npos;
             });
    });
    EXPECT_TRUE(shown) << "view " << v.key << "\n" << tmux().screen();
    const std::string help_title = std::string("Keys · ") + (v.tab + 2) + " view";
    EXPECT_TRUE(press("?",
                      [&](const Shot& s) {
                        return s.text.find(help_title) != std::string::npos && s.text.find(v.help) != std::string::npos;
                      }))
        << help_title << "\n"
        << tmux().screen();
    tmux().send("Escape");
    EXPECT_TRUE(tmux().wait_gone("Keys · ")) << tmux().screen();
  }
  const std::string left = expect_quit_restores_terminal("q");
  EXPECT_NE(left.find("saved in " + db.string()), std::string::npos) << left;
  EXPECT_GT(fs::file_size(db), 0U);
  EXPECT_FALSE(fs::exists(state_dir() / "data.db")) << "--db was not honored";
}

TEST_F(DashboardReplay, ResizeLaysTheFrameOutAgain) {
  open("ndpi/1kxun.pcap");
  ASSERT_EQ(frame_problem(tmux().screen(), 160, 45), "") << tmux().screen();
  for (const auto& [w, h] : std::vector<std::pair<int, int>>{{100, 30}, {61, 14}, {150, 40}}) {
    tmux().resize(w, h);
    const auto fits =
        tmux().wait_until([&](const std::string& s) { return frame_problem(s, w, h).empty(); }, kStepTimeout);
    EXPECT_TRUE(fits) << w << "x" << h << ": " << frame_problem(tmux().screen(), w, h) << "\n" << tmux().screen();
    if (fits) {  // the table's rows follow the new height
      const auto range = title_range(*fits);
      ASSERT_TRUE(range) << *fits;
      EXPECT_EQ(range->last - range->first + 1, std::min(h - 6, range->total)) << *fits;
    }
  }
  // Below the minimum the dashboard says so, and comes back when the window grows again.
  tmux().resize(30, 8);
  EXPECT_TRUE(tmux().wait_for("Terminal too small", kStepTimeout)) << tmux().screen();
  EXPECT_TRUE(tmux().wait_for("30x8, need 40x10")) << tmux().screen();
  tmux().resize(160, 45);
  EXPECT_TRUE(tmux().wait_until([](const std::string& s) { return frame_problem(s, 160, 45).empty(); }, kStepTimeout))
      << frame_problem(tmux().screen(), 160, 45) << "\n"
      << tmux().screen();
  expect_quit_restores_terminal("q");
}

TEST_F(DashboardReplay, CtrlCRestoresTheTerminal) {
  open("ndpi/1kxun.pcap");
  tmux().send("3");
  ASSERT_TRUE(tmux().wait_for("Top Talkers", kStepTimeout));
  expect_quit_restores_terminal("C-c");
}

}  // namespace
}  // namespace pt::ui::e2e

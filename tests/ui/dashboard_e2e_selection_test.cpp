// The real dashboard over shared captures: a selection made in the Traffic view filters Paths,
// Stats, Analysis and Ports (each panel says so) and is still there when the user comes back;
// the trace keys (Enter, t, Paths s / r / c / ↑↓) request, refresh, pick and clear traces; the
// Ports view shows a SYN scan and cycles its sort.

#include <gtest/gtest.h>

#include <algorithm>
#include <regex>

#include "ui/dashboard_e2e_replay_fixture.hpp"

namespace pt::ui::e2e {
namespace {

// The first column of the Ports table ("│    80 TCP   http ...").
std::vector<std::string> port_column(const std::string& screen) {
  std::vector<std::string> ports;
  static const std::regex row(R"(^│\s*(\d+) (TCP|UDP) )");
  for (const auto& line : table_lines(test::split_screen_lines(screen), "Port Proto Service")) {
    std::smatch m;
    if (std::regex_search(line, m, row)) ports.push_back(m[1].str() + "/" + m[2].str());
  }
  return ports;
}

TEST_F(DashboardReplay, SelectionFiltersTheOtherViewsAndSurvivesViewSwitches) {
  open("ndpi/1kxun.pcap");
  ASSERT_TRUE(cursor_at("Home", 0));
  const auto selected = press("Space", [](const Shot& s) {
    const auto rows = flow_rows(s.text);
    return !rows.empty() && rows[0].marked && s.text.find("1 selected") != std::string::npos;
  });
  ASSERT_TRUE(selected) << tmux().screen();
  const FlowLine flow = flow_rows(selected->text)[0];
  const std::string server_port = flow.destination.substr(flow.destination.rfind(':') + 1);

  EXPECT_TRUE(press("3", [](const Shot& s) {
    return s.text.find("Overview ─") != std::string::npos && s.text.find("selected flows") != std::string::npos &&
           std::regex_search(s.text, std::regex(R"(Flows\s+1 selected)")) &&
           s.text.find("Countries ─") != std::string::npos;
  })) << tmux().screen();
  EXPECT_TRUE(press("4", [](const Shot& s) {
    return s.text.find("Applications ") != std::string::npos &&
           s.text.find("of 1 flows encrypted") != std::string::npos;
  })) << tmux().screen();
  const auto ports = press("5", [&](const Shot& s) {
    return s.text.find("Ports 1-1 of 1") != std::string::npos &&
           s.text.find("selected · sort bytes") != std::string::npos;
  });
  ASSERT_TRUE(ports) << tmux().screen();
  EXPECT_EQ(port_column(ports->text), std::vector<std::string>{server_port + "/TCP"}) << ports->text;
  EXPECT_TRUE(press("2", "selected flows")) << tmux().screen();

  const auto back = press("1", [&](const Shot& s) {
    const auto rows = flow_rows(s.text);
    return s.text.find("1 selected") != std::string::npos &&
           std::any_of(rows.begin(), rows.end(), [&](const FlowLine& f) { return f.marked && f.key() == flow.key(); });
  });
  EXPECT_TRUE(back) << flow.key() << "\n" << tmux().screen();
  // c clears the selection: the other views count everything again.
  EXPECT_TRUE(press("c", "Filters and selection cleared"));
  EXPECT_TRUE(press("5", [](const Shot& s) {
    const auto range = title_range(s.text, "Ports");
    return range && range->total > 1 && s.text.find("selected ·") == std::string::npos;
  })) << tmux().screen();
}

// The target in the title of the Paths view's detail panel ("┐┌─ 8.8.8.8 dns.google ─").
std::string detail_target(const std::string& screen) {
  static const std::regex title(R"(┐┌─ ([0-9a-f.:]+) )");
  std::smatch m;
  return std::regex_search(screen, m, title) ? m[1].str() : std::string();
}

// The highlighted row of the Paths view's trace list starts with the target shown in detail.
bool detail_follows_cursor(const Shot& s, int index) {
  const auto lines = table_lines(test::split_screen_lines(s.text), "Target ");
  const int row = cursor_row(s.styled, "Target ");
  if (row != index || row < 0 || row >= static_cast<int>(lines.size())) return false;
  const std::string target = detail_target(s.text);
  return !target.empty() && lines[static_cast<std::size_t>(row)].rfind("│ " + target + " ", 0) == 0;
}

TEST_F(DashboardReplay, TraceKeysRequestPickRefreshAndClearTraces) {
  open("ndpi/1kxun.pcap");
  EXPECT_TRUE(press("2", "No traces yet")) << tmux().screen();
  EXPECT_TRUE(press("s", "No flows selected: select flows in view 1 (Space)")) << tmux().screen();

  // Three flows to different servers from the top of the table.
  ASSERT_TRUE(press("1", "─ Flows "));
  const auto top = cursor_at("Home", 0);
  ASSERT_TRUE(top);
  const auto rows = flow_rows(top->text);
  const auto address = [](const FlowLine& f) { return f.destination.substr(0, f.destination.rfind(':')); };
  std::vector<int> picks{0};
  for (int i = 1; i < static_cast<int>(rows.size()) && picks.size() < 3; ++i) {
    const auto seen = [&](int k) {
      return address(rows[static_cast<std::size_t>(k)]) == address(rows[static_cast<std::size_t>(i)]);
    };
    if (std::none_of(picks.begin(), picks.end(), seen)) picks.push_back(i);
  }
  ASSERT_EQ(picks.size(), 3U) << top->text;
  const std::string first = address(rows[0]);
  const std::string second = address(rows[static_cast<std::size_t>(picks[1])]);
  const std::string third = address(rows[static_cast<std::size_t>(picks[2])]);

  // t with nothing selected traces the Traffic cursor's flow, from any view.
  EXPECT_TRUE(press("2", "No traces yet"));
  EXPECT_TRUE(press("t", "Tracing route to " + first + " (2: Paths)")) << tmux().screen();
  // Enter traces the cursor's remote end.
  ASSERT_TRUE(press("1", "─ Flows "));
  for (int k = 0; k < picks[1]; ++k) tmux().send("Down");
  ASSERT_TRUE(press("", [&](const Shot& s) { return cursor_row(s.styled) == picks[1]; }));
  EXPECT_TRUE(press("Enter", "Tracing route to " + second + " (2: Paths)")) << tmux().screen();
  // t with a selection traces the selected flows' destinations; so does s in Paths.
  for (int k = picks[1]; k < picks[2]; ++k) tmux().send("Down");
  ASSERT_TRUE(press("", [&](const Shot& s) { return cursor_row(s.styled) == picks[2]; }));
  ASSERT_TRUE(press("Space", "1 selected")) << tmux().screen();
  EXPECT_TRUE(press("t", "Tracing route to " + third + " (2: Paths)")) << tmux().screen();
  const auto listed = press("2", [&](const Shot& s) {
    return s.text.find("Traces ─") != std::string::npos && s.text.find("│ " + first + " ") != std::string::npos &&
           s.text.find("│ " + second + " ") != std::string::npos &&
           s.text.find("│ " + third + " ") != std::string::npos;
  });
  ASSERT_TRUE(listed) << tmux().screen();
  EXPECT_TRUE(press("s", "Tracing route to " + third + " (2: Paths)")) << tmux().screen();

  // ↑↓ pick the trace shown in detail: the highlight moves and the detail follows it.
  tmux().send("Up");
  tmux().send("Up");
  EXPECT_TRUE(press("Up", [](const Shot& s) { return detail_follows_cursor(s, 0); })) << tmux().screen();
  EXPECT_TRUE(press("Down", [](const Shot& s) { return detail_follows_cursor(s, 1); })) << tmux().screen();
  EXPECT_TRUE(press("Down", [](const Shot& s) { return detail_follows_cursor(s, 2); })) << tmux().screen();
  EXPECT_TRUE(press("Down", [](const Shot& s) { return detail_follows_cursor(s, 2); })) << tmux().screen();

  EXPECT_TRUE(press("r", "Refreshing traces")) << tmux().screen();
  EXPECT_TRUE(press("c", [](const Shot& s) {
    return s.text.find("Traces cleared") != std::string::npos && s.text.find("No traces yet") != std::string::npos;
  })) << tmux().screen();
  expect_quit_restores_terminal("q");
}

TEST_F(DashboardReplay, PortsViewShowsTheScanAndCyclesItsSort) {
  if (!fs::exists(capture("ndpi/synscan.pcap"))) GTEST_SKIP() << "ndpi/synscan.pcap not in the shared corpus";
  open("ndpi/synscan.pcap");
  const auto ports = press("5", [](const Shot& s) {
    return s.text.find("SCANNER") != std::string::npos &&
           s.text.find("⚠ SCAN ALERT: 1 likely scanner") != std::string::npos;
  });
  ASSERT_TRUE(ports) << tmux().screen();
  EXPECT_NE(ports->text.find("1 likely · 0 suspicious"), std::string::npos);
  EXPECT_TRUE(std::regex_search(ports->text, std::regex(R"(172\.16\.0\.8\s+1000\s+1\s)"))) << ports->text;
  // The scanner's row is drawn in red (Alert).
  const auto scanner = std::find_if(ports->styled.begin(), ports->styled.end(), [](const test::TmuxLine& l) {
    return l.text.find("SCANNER") != std::string::npos;
  });
  ASSERT_NE(scanner, ports->styled.end());
  EXPECT_TRUE(std::any_of(scanner->spans.begin(), scanner->spans.end(), [&](const test::TmuxSpan& sp) {
    return scanner->text.substr(sp.begin, sp.end - sp.begin).find("SCANNER") != std::string::npos && sp.style.fg == 203;
  }));

  const auto by_bytes = port_column(ports->text);
  ASSERT_GT(by_bytes.size(), 5U);
  std::vector<std::vector<std::string>> orders{by_bytes};
  for (const char* sort : {"sort packets", "sort connections", "sort rate", "sort bytes"}) {
    const auto shown = press("s", std::string(sort) + " ─");
    ASSERT_TRUE(shown) << sort << "\n" << tmux().screen();
    orders.push_back(port_column(shown->text));
  }
  EXPECT_EQ(orders.back(), by_bytes);  // the cycle comes back to bytes
  EXPECT_TRUE(std::any_of(orders.begin() + 1, orders.end() - 1, [&](const auto& o) { return o != by_bytes; }))
      << "no sort changed the order";

  // The port table has a cursor too.
  EXPECT_TRUE(press("Home", [](const Shot& s) { return cursor_row(s.styled, "Port Proto Service") == 0; }));
  EXPECT_TRUE(press("Down", [](const Shot& s) { return cursor_row(s.styled, "Port Proto Service") == 1; }));
  EXPECT_TRUE(press("End", [](const Shot& s) {
    const auto range = title_range(s.text, "Ports");
    return range && range->last == range->total &&
           cursor_row(s.styled, "Port Proto Service") == range->last - range->first;
  })) << tmux().screen();
}

}  // namespace
}  // namespace pt::ui::e2e

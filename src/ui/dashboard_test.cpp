// The dashboard rendered as text from snapshots built here (no terminal), and driven by keys.

#include "ui/dashboard.hpp"

#include <gtest/gtest.h>

#include "ui/fake_source.hpp"

namespace pt::ui {
namespace {

using testing::FlowSpec;
using testing::found;
using testing::ip;
using testing::make_flow;
using testing::make_snapshot;

class DashboardTest : public ::testing::Test {
 protected:
  testing::FakeSource source;
  Dashboard dash{source};
  Canvas canvas{140, 40};
  SteadyTime now{};

  void SetUp() override {
    source.capture.source = "eth0";
    source.labels[ip("8.8.8.8")] =
        found("dns.google", "dns.google", "US", "United States", "Mountain View", 15169, "GOOGLE");
    source.labels[ip("1.1.1.1")] =
        found("one.one.one.one", "one.one.one.one", "AU", "Australia", "Sydney", 13335, "CLOUDFLARENET");
    source.snap = make_snapshot({
        make_flow({.dst = "8.8.8.8",
                   .bytes_sent = 2048,
                   .bytes_recv = 1'572'864,
                   .packets_sent = 100,
                   .packets_recv = 1100,
                   .app = 126,
                   .master = 91,
                   .traits = engine::flow_trait::kEncrypted}),
        make_flow({.protocol = 17,
                   .sport = 5353,
                   .dst = "1.1.1.1",
                   .dport = 53,
                   .bytes_sent = 600,
                   .bytes_recv = 900,
                   .app = 5}),
        make_flow({.sport = 40000, .dst = "192.168.1.1", .dport = 80, .bytes_sent = 100, .bytes_recv = 100, .app = 7}),
    });
  }

  std::string screen() {
    now += std::chrono::milliseconds(100);
    dash.render(canvas, now);
    return canvas.to_text();
  }
  void keys(std::string_view typed) {
    for (char c : typed) press(Key::character(static_cast<char32_t>(c)));
  }
  void press(Key k) {
    now += std::chrono::milliseconds(10);
    dash.handle_key(k, now);
  }
  void press(KeyCode code) { press(Key::special(code)); }
  // The line of the screen holding text, or "" when none.
  std::string line_with(const std::string& text) {
    const std::string s = screen();
    std::size_t start = 0;
    while (start < s.size()) {
      const std::size_t end = s.find('\n', start);
      const std::string line = s.substr(start, end - start);
      if (line.find(text) != std::string::npos) return line;
      start = end + 1;
    }
    return {};
  }
};

bool has(const std::string& text, std::string_view what) { return text.find(what) != std::string::npos; }

TEST_F(DashboardTest, TrafficTableShowsEveryColumnWithValues) {
  const std::string s = screen();
  for (auto col : {"Source", "Destination", "FQDN", "Proto", "Sent", "Recv", "Pkts", "Location", "App"}) {
    EXPECT_TRUE(has(s, col)) << col;
  }
  const std::string row = line_with("8.8.8.8:443");
  EXPECT_TRUE(has(row, "192.168.1.10:50000")) << row;
  EXPECT_TRUE(has(row, "dns.google")) << row;
  EXPECT_TRUE(has(row, "TCP")) << row;
  EXPECT_TRUE(has(row, "2.0 KB")) << row;
  EXPECT_TRUE(has(row, "1.5 MB")) << row;
  EXPECT_TRUE(has(row, "1.2k")) << row;
  EXPECT_TRUE(has(row, "Mountain View, US")) << row;
  EXPECT_TRUE(has(row, "TLS.Google")) << row;
  EXPECT_TRUE(has(line_with("192.168.1.1:80"), "Private network"));
  EXPECT_TRUE(has(s, "Flows 1-3 of 3"));
  EXPECT_TRUE(has(s, "eth0 ● LIVE"));
}

TEST_F(DashboardTest, FirstRowCarriesTheCursorStyle) {
  screen();
  int y = 0;
  while (y < canvas.height() && !has(canvas.row_text(y), "8.8.8.8:443")) ++y;
  ASSERT_LT(y, canvas.height());
  EXPECT_EQ(canvas.at(4, y).style, Style::Cursor);
  press(KeyCode::Down);
  screen();
  EXPECT_EQ(canvas.at(4, y).style, Style::Normal);
  EXPECT_EQ(canvas.at(4, y + 1).style, Style::Cursor);
}

TEST_F(DashboardTest, SelectionSurvivesReorderingAndViewSwitches) {
  screen();
  press(KeyCode::Down);  // the 1.1.1.1 flow (second by bytes)
  keys(" ");
  EXPECT_TRUE(has(line_with("1.1.1.1:53"), "●"));
  // New traffic makes the selected flow the biggest: it moves to the top and stays marked.
  auto next = std::make_shared<engine::Snapshot>(*source.snap);
  next->sequence = 2;
  next->flows[1].bytes_recv = 50'000'000;
  source.snap = next;
  const std::string s = screen();
  EXPECT_TRUE(has(line_with("1.1.1.1:53"), "●"));
  EXPECT_FALSE(has(line_with("8.8.8.8:443"), "●"));
  EXPECT_LT(s.find("1.1.1.1:53"), s.find("8.8.8.8:443"));
  keys("3");
  keys("1");
  EXPECT_TRUE(has(line_with("1.1.1.1:53"), "●"));
  EXPECT_TRUE(has(screen(), "1 selected"));
}

TEST_F(DashboardTest, SelectionFiltersStatsAnalysisAndPorts) {
  screen();
  keys(" ");  // select the 8.8.8.8 TLS flow only
  keys("3");
  std::string s = screen();
  EXPECT_TRUE(has(s, "selected flows"));
  EXPECT_TRUE(has(line_with("United States"), "100%"));
  EXPECT_EQ(line_with("Australia"), "");
  EXPECT_TRUE(has(s, "dns.google"));
  keys("4");
  s = screen();
  EXPECT_TRUE(has(line_with("TLS.Google"), "100%"));
  EXPECT_EQ(line_with("DNS "), "");
  EXPECT_TRUE(has(s, "1 of 1 flows encrypted"));
  keys("5");
  s = screen();
  EXPECT_TRUE(has(s, "selected"));
  EXPECT_TRUE(has(line_with("  443 "), "TCP"));
  EXPECT_EQ(line_with("   53 "), "");
}

TEST_F(DashboardTest, DestinationsViewAggregatesByDestination) {
  source.snap = make_snapshot({
      make_flow({.sport = 1, .dst = "8.8.8.8"}),
      make_flow({.sport = 2, .dst = "8.8.8.8"}),
      make_flow({.sport = 3, .dst = "1.1.1.1"}),
  });
  keys("g");
  const std::string s = screen();
  EXPECT_TRUE(has(s, "Destinations 1-2 of 2"));
  EXPECT_TRUE(has(s, "Owner"));
  const std::string row = line_with("8.8.8.8");
  EXPECT_TRUE(has(row, " 2 ")) << row;  // flows
  EXPECT_TRUE(has(row, "AS15169 GOOGLE")) << row;
  // Space on a destination selects its flows.
  keys(" ");
  EXPECT_EQ(dash.state().selection.size(), 2U);
  keys("g");
  EXPECT_TRUE(has(line_with(":1 "), "●"));
}

TEST_F(DashboardTest, LocalToggleHidesFlowsWithoutPublicEndpoints) {
  EXPECT_NE(line_with("192.168.1.1:80"), "");
  keys("l");
  const std::string s = screen();
  EXPECT_FALSE(has(s, "192.168.1.1:80"));
  EXPECT_TRUE(has(s, "local hidden"));
  EXPECT_TRUE(has(s, "Local traffic hidden"));
  keys("l");
  EXPECT_NE(line_with("192.168.1.1:80"), "");
}

TEST_F(DashboardTest, IpFilterPromptFiltersAsYouTypeAndEscRestores) {
  keys("/8.8");
  std::string s = screen();
  EXPECT_TRUE(has(s, "Filter IP or name: 8.8"));
  EXPECT_FALSE(has(s, "1.1.1.1:53"));
  press(KeyCode::Backspace);
  press(KeyCode::Backspace);
  press(KeyCode::Backspace);
  keys("1.1.1");  // "1.1" alone would match 192.168.1.10
  press(KeyCode::Enter);
  s = screen();
  EXPECT_TRUE(has(s, "/1.1.1"));
  EXPECT_FALSE(has(s, "8.8.8.8:443"));
  keys("/x");
  press(KeyCode::Escape);
  EXPECT_EQ(dash.state().traffic.ip_filter, "1.1.1");
  EXPECT_EQ(dash.state().prompt.kind, PromptKind::None);
}

TEST_F(DashboardTest, PortPromptAcceptsOnlyValidPorts) {
  keys(":5x");
  EXPECT_TRUE(has(screen(), "digits only"));
  keys("3");
  press(KeyCode::Enter);
  EXPECT_EQ(dash.state().traffic.port_filter, std::optional<std::uint16_t>(53));
  std::string s = screen();
  EXPECT_TRUE(has(s, "1.1.1.1:53"));
  EXPECT_FALSE(has(s, "8.8.8.8:443"));
  keys(":");
  press(KeyCode::Backspace);
  press(KeyCode::Backspace);
  keys("99999");
  press(KeyCode::Enter);
  EXPECT_TRUE(has(screen(), "port must be a number from 0 to 65535"));
  EXPECT_EQ(dash.state().prompt.kind, PromptKind::PortFilter);
  press(KeyCode::Escape);
  EXPECT_EQ(dash.state().traffic.port_filter, std::optional<std::uint16_t>(53));
  keys("c");
  EXPECT_FALSE(dash.state().traffic.port_filter.has_value());
}

TEST_F(DashboardTest, ProtocolAndSortKeysCycle) {
  keys("f");
  EXPECT_TRUE(has(screen(), "TCP · sort bytes"));
  EXPECT_FALSE(has(screen(), "1.1.1.1:53"));
  keys("fff");
  EXPECT_EQ(dash.state().traffic.protocol, ProtocolFilter::All);
  keys("s");
  EXPECT_TRUE(has(screen(), "sort packets"));
  keys("s");
  EXPECT_TRUE(has(screen(), "sort time"));
  keys("s");
  EXPECT_EQ(dash.state().traffic.sort, TrafficSort::Bytes);
}

TEST_F(DashboardTest, SelectAllTakesTheFilteredFlowsAndClearResets) {
  keys("f");  // TCP only
  screen();
  keys("a");
  EXPECT_EQ(dash.state().selection.size(), 2U);
  keys("c");
  EXPECT_TRUE(dash.state().selection.empty());
  EXPECT_EQ(dash.state().traffic.protocol, ProtocolFilter::All);
}

TEST_F(DashboardTest, TraceKeysAskTheSourceForTheRightTargets) {
  screen();
  press(KeyCode::Enter);
  ASSERT_EQ(source.traced.size(), 1U);
  EXPECT_EQ(source.traced[0], ip("8.8.8.8"));
  EXPECT_TRUE(has(screen(), "Tracing route to 8.8.8.8"));
  press(KeyCode::Down);
  keys(" ");
  press(KeyCode::Down);
  keys(" t");  // with a selection, t traces the selected flows' destinations
  EXPECT_EQ(source.traced.size(), 3U);
  keys("2s");
  EXPECT_EQ(source.traced.size(), 5U);
  keys("rc");
  EXPECT_EQ(source.refreshes, 1);
  EXPECT_EQ(source.clears, 1);
}

TEST_F(DashboardTest, PauseKeyTogglesTheCapture) {
  screen();
  keys("p");
  ASSERT_EQ(source.paused_calls, std::vector<bool>{true});
  EXPECT_TRUE(has(screen(), "PAUSED"));
  keys("p");
  EXPECT_EQ(source.paused_calls, (std::vector<bool>{true, false}));
}

TEST_F(DashboardTest, NavigationKeysMoveTheCursor) {
  std::vector<engine::FlowRow> flows;
  for (int i = 0; i < 120; ++i) {
    flows.push_back(
        make_flow({.sport = static_cast<std::uint16_t>(1000 + i), .bytes_sent = static_cast<std::uint64_t>(i)}));
  }
  source.snap = make_snapshot(std::move(flows));
  screen();
  press(KeyCode::End);
  EXPECT_TRUE(has(screen(), "of 120"));
  EXPECT_EQ(dash.state().traffic.flow_cursor.index, 119);
  press(KeyCode::Home);
  screen();
  press(KeyCode::PageDown);
  screen();
  EXPECT_GT(dash.state().traffic.flow_cursor.index, 20);
  press(KeyCode::Up);
  keys("j");
  keys("k");
  screen();
  EXPECT_EQ(dash.state().traffic.flow_cursor.index, dash.state().traffic.flow_cursor.index);
}

TEST_F(DashboardTest, MaxFlowsDisplayCapsTheTable) {
  std::vector<engine::FlowRow> flows;
  for (int i = 0; i < 80; ++i) flows.push_back(make_flow({.sport = static_cast<std::uint16_t>(1000 + i)}));
  source.snap = make_snapshot(std::move(flows));
  Dashboard small{source, DashboardOptions{.max_flows_display = 5}};
  Canvas tall(140, 60);
  small.render(tall, now);
  EXPECT_TRUE(has(tall.to_text(), "Flows 1-5 of 80"));
}

}  // namespace
}  // namespace pt::ui

namespace pt::ui {
namespace {

TEST(DashboardThrottle, ExpensiveListsFollowNewSnapshotsAtMostEveryInterval) {
  testing::FakeSource source;
  source.snap = testing::make_snapshot({testing::make_flow({.dst = "8.8.8.8"})}, 1);
  // Every build counts as expensive, so only the interval lets new snapshots in.
  Dashboard dash{source, DashboardOptions{.cheap_model_time = std::chrono::microseconds(0),
                                          .heavy_model_interval = std::chrono::milliseconds(500)}};
  Canvas canvas(120, 30);
  SteadyTime now{};
  dash.render(canvas, now);
  source.snap = testing::make_snapshot({testing::make_flow({.dst = "1.1.1.1"})}, 2);
  now += std::chrono::milliseconds(100);
  dash.render(canvas, now);
  EXPECT_NE(canvas.to_text().find("8.8.8.8:443"), std::string::npos);
  now += std::chrono::milliseconds(500);
  dash.render(canvas, now);
  EXPECT_NE(canvas.to_text().find("1.1.1.1:443"), std::string::npos);
  // A key always rebuilds at once.
  source.snap = testing::make_snapshot({testing::make_flow({.dst = "9.9.9.9"})}, 3);
  now += std::chrono::milliseconds(10);
  dash.handle_key(Key::character(U'f'), now);
  dash.render(canvas, now);
  EXPECT_NE(canvas.to_text().find("9.9.9.9:443"), std::string::npos);
}

}  // namespace
}  // namespace pt::ui

namespace pt::ui {
namespace {

TEST(DashboardFilter, NamesResolvedLaterStartMatchingTheIpFilter) {
  testing::FakeSource source;
  source.snap = testing::make_snapshot({testing::make_flow({.dst = "1.1.1.1"})});
  Dashboard dash{source};
  Canvas canvas(120, 30);
  SteadyTime now{};
  for (char c : std::string("/one.one")) dash.handle_key(Key::character(static_cast<char32_t>(c)), now);
  dash.render(canvas, now);
  EXPECT_EQ(canvas.to_text().find("1.1.1.1:443"), std::string::npos);
  source.labels[testing::ip("1.1.1.1")] = testing::found("one.one.one.one", "one.one.one.one", "", "", "", 0, "");
  now += std::chrono::seconds(2);  // past the annotation retry and the filter memo's life
  dash.render(canvas, now);
  EXPECT_NE(canvas.to_text().find("1.1.1.1:443"), std::string::npos);
}

}  // namespace
}  // namespace pt::ui

#include "ui/traffic_list.hpp"

#include <gtest/gtest.h>

#include "ui/fake_source.hpp"

namespace pt::ui {
namespace {

using testing::FakeSource;
using testing::FlowSpec;
using testing::make_flow;
using testing::make_snapshot;

class TrafficListTest : public ::testing::Test {
 protected:
  FakeSource source;
  Annotator names{source};
  TrafficState state;
  Selection selection;

  std::vector<std::string> order(const engine::Snapshot& s, int visible = 50) {
    auto list = build_traffic_list(s, state, selection, names, visible);
    std::vector<std::string> out;
    for (int i = list.offset; i < list.offset + list.visible; ++i) {
      out.push_back(list.by_destination ? list.destinations[static_cast<std::size_t>(i)].address.to_string()
                                        : list.flows[static_cast<std::size_t>(i)]->dst.to_string());
    }
    return out;
  }
};

std::shared_ptr<engine::Snapshot> three_flows() {
  return make_snapshot({
      make_flow({.dst = "1.1.1.1", .bytes_sent = 100, .bytes_recv = 100, .packets_sent = 50, .last_seen = 1000}),
      make_flow({.protocol = 17,
                 .dst = "8.8.8.8",
                 .dport = 53,
                 .bytes_sent = 300,
                 .bytes_recv = 0,
                 .packets_sent = 2,
                 .packets_recv = 0,
                 .last_seen = 900}),
      make_flow({.src = "192.168.1.10",
                 .dst = "192.168.1.1",
                 .dport = 80,
                 .bytes_sent = 250,
                 .bytes_recv = 0,
                 .packets_sent = 5,
                 .packets_recv = 5,
                 .last_seen = 1100}),
  });
}

TEST_F(TrafficListTest, SortsByBytesPacketsAndTime) {
  const auto s = three_flows();
  EXPECT_EQ(order(*s), (std::vector<std::string>{"8.8.8.8", "192.168.1.1", "1.1.1.1"}));
  state.sort = TrafficSort::Packets;
  EXPECT_EQ(order(*s), (std::vector<std::string>{"1.1.1.1", "192.168.1.1", "8.8.8.8"}));
  state.sort = TrafficSort::Time;
  EXPECT_EQ(order(*s), (std::vector<std::string>{"192.168.1.1", "1.1.1.1", "8.8.8.8"}));
}

TEST_F(TrafficListTest, FiltersByAddressPortProtocolAndLocal) {
  const auto s = three_flows();
  state.ip_filter = "8.8";
  EXPECT_EQ(order(*s), (std::vector<std::string>{"8.8.8.8"}));
  state.ip_filter.clear();
  state.port_filter = 80;
  EXPECT_EQ(order(*s), (std::vector<std::string>{"192.168.1.1"}));
  state.port_filter.reset();
  state.protocol = ProtocolFilter::Udp;
  EXPECT_EQ(order(*s), (std::vector<std::string>{"8.8.8.8"}));
  state.protocol = ProtocolFilter::All;
  state.show_local = false;
  EXPECT_EQ(order(*s), (std::vector<std::string>{"8.8.8.8", "1.1.1.1"}));
}

TEST_F(TrafficListTest, AddressFilterAlsoMatchesNamesCaseInsensitively) {
  source.labels[testing::ip("1.1.1.1")] =
      testing::found("one.one.one.one", "one.one", "AU", "Australia", "", 13335, "CF");
  const auto s = three_flows();
  state.ip_filter = "ONE.ONE";
  EXPECT_EQ(order(*s), (std::vector<std::string>{"1.1.1.1"}));
}

TEST_F(TrafficListTest, CursorFollowsItsFlowWhenTheOrderChanges) {
  auto s = three_flows();
  state.flow_cursor.key = FlowIdentity::of(s->flows[0]);  // 1.1.1.1, third by bytes
  auto list = build_traffic_list(*s, state, selection, names, 50);
  EXPECT_EQ(list.cursor, 2);
  s->flows[0].bytes_recv = 10'000;  // now the biggest
  list = build_traffic_list(*s, state, selection, names, 50);
  EXPECT_EQ(list.cursor, 0);
  EXPECT_EQ(list.flows[0]->dst.to_string(), "1.1.1.1");
  // When the flow disappears the cursor keeps its position.
  s->flows.erase(s->flows.begin());
  list = build_traffic_list(*s, state, selection, names, 50);
  EXPECT_EQ(list.cursor, 0);
  EXPECT_EQ(state.flow_cursor.key->dst.to_string(), "8.8.8.8");
}

TEST_F(TrafficListTest, WindowIsOrderedAroundTheCursor) {
  std::vector<engine::FlowRow> flows;
  for (int i = 0; i < 200; ++i) {
    flows.push_back(
        make_flow({.sport = static_cast<std::uint16_t>(1000 + i), .bytes_sent = static_cast<std::uint64_t>(i)}));
  }
  const auto s = make_snapshot(std::move(flows));
  state.flow_cursor.index = 150;
  const auto list = build_traffic_list(*s, state, selection, names, 10);
  EXPECT_EQ(list.cursor, 150);
  EXPECT_EQ(list.offset, 141);
  for (int i = list.offset; i < list.offset + list.visible; ++i) {
    // Rank r holds the flow with the r-th largest byte count.
    EXPECT_EQ(list.flows[static_cast<std::size_t>(i)]->bytes_sent, static_cast<std::uint64_t>(199 - i));
  }
}

TEST_F(TrafficListTest, DestinationsAggregateFlowsAndCountMarks) {
  auto s = make_snapshot({
      make_flow({.sport = 1, .dst = "8.8.8.8", .bytes_sent = 10, .bytes_recv = 20}),
      make_flow({.sport = 2, .dst = "8.8.8.8", .bytes_sent = 30, .bytes_recv = 40}),
      make_flow({.protocol = 17, .sport = 3, .dst = "8.8.8.8", .dport = 53, .bytes_sent = 1, .bytes_recv = 1}),
      make_flow({.sport = 4, .dst = "1.1.1.1", .bytes_sent = 5, .bytes_recv = 5}),
  });
  selection.add(FlowIdentity::of(s->flows[1]));
  state.by_destination = true;
  const auto list = build_traffic_list(*s, state, selection, names, 50);
  ASSERT_EQ(list.destinations.size(), 2U);
  const DestinationRow& d = list.destinations[0];
  EXPECT_EQ(d.address.to_string(), "8.8.8.8");
  EXPECT_EQ(d.flows, 3U);
  EXPECT_EQ(d.bytes_sent, 41U);
  EXPECT_EQ(d.bytes_recv, 61U);
  EXPECT_EQ(d.protocols, 3U);  // tcp + udp
  EXPECT_EQ(d.marked, 1U);
  EXPECT_EQ(d.largest, &s->flows[1]);
}

}  // namespace
}  // namespace pt::ui

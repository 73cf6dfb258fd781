#include "engine/port_stats.hpp"

#include <gtest/gtest.h>

#include <cstdio>
#include <deque>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <string>

#include "engine/tracker_test_conversation.hpp"

namespace pt::engine {
namespace {

using trackers_test::at;
using trackers_test::Conversation;
using trackers_test::FrameStore;
using trackers_test::Step;

constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kUdp = 17;

class PortStatsTest : public ::testing::Test {
 protected:
  Conversation& conversation(const std::string& a, const std::string& b, std::uint16_t ap, std::uint16_t bp,
                             std::uint8_t proto = kTcp) {
    conversations_.emplace_back(frames_, a, b, ap, bp, proto);
    return conversations_.back();
  }
  static void feed(PortStats& s, const Step& step) { s.record(step.packet, step.ctx); }

  // A short HTTP exchange: 6 packets, both directions.
  void session(PortStats& s, const std::string& client, const std::string& server, std::uint16_t cport,
               std::uint16_t sport, double t) {
    auto& c = conversation(client, server, cport, sport);
    feed(s, c.send(t, test::kSyn));
    feed(s, c.reply(t, test::kSyn | test::kAck));
    feed(s, c.send(t, test::kAck));
    feed(s, c.send(t, test::kPsh | test::kAck, test::bytes_of("GET / HTTP/1.1\r\n\r\n")));
    feed(s, c.reply(t, test::kPsh | test::kAck, test::Bytes(500, 'x')));
    feed(s, c.send(t, test::kFin | test::kAck));
  }

  FrameStore frames_;
  std::deque<Conversation> conversations_;
};

TEST_F(PortStatsTest, CountsTheResponderPortWithBothDirections) {
  PortStats s;
  session(s, "10.0.0.1", "10.0.0.80", 40001, 80, 0);
  session(s, "10.0.0.1", "10.0.0.80", 40002, 80, 1);
  session(s, "10.0.0.2", "10.0.0.80", 40003, 80, 2);
  session(s, "10.0.0.3", "10.0.0.81", 40004, 80, 3);
  s.advance(at(3.5));
  const auto row = s.find(util::Port{80}, kTcp);
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->packets, 24U);
  EXPECT_EQ(row->connections, 4U);
  EXPECT_EQ(row->hits, 3U);                 // three client addresses
  EXPECT_EQ(row->unique_destinations, 2U);  // two servers
  EXPECT_EQ(row->service.view(), "http");
  EXPECT_EQ(row->range, PortRange::WellKnown);
  EXPECT_EQ(row->first_seen, at(0));
  EXPECT_EQ(row->last_seen, at(3));
  const auto& f = conversations_.front().row();
  EXPECT_EQ(row->bytes, 4 * (f.bytes_sent + f.bytes_recv));
  // Client ports are never counted as ports of their own.
  EXPECT_FALSE(s.find(util::Port{40001}, kTcp).has_value());
  EXPECT_EQ(s.size(), 1U);
}

TEST_F(PortStatsTest, SeparatesProtocolsAndNamesRanges) {
  PortStats s;
  auto& dns = conversation("10.0.0.1", "10.0.0.53", 50000, 53, kUdp);
  feed(s, dns.send(0, 0, test::bytes_of("query")));
  feed(s, dns.reply(0.01, 0, test::bytes_of("answer")));
  session(s, "10.0.0.1", "10.0.0.53", 50001, 53, 0.5);
  session(s, "10.0.0.1", "10.0.0.9", 50002, 8080, 0.6);
  session(s, "10.0.0.1", "10.0.0.9", 50003, 50505, 0.7);
  const auto udp = s.find(util::Port{53}, kUdp);
  const auto tcp = s.find(util::Port{53}, kTcp);
  ASSERT_TRUE(udp && tcp);
  EXPECT_EQ(udp->packets, 2U);
  EXPECT_EQ(udp->protocol, kUdp);
  EXPECT_EQ(udp->service.view(), "domain");
  EXPECT_EQ(tcp->packets, 6U);
  EXPECT_EQ(s.find(util::Port{8080}, kTcp)->range, PortRange::Registered);
  EXPECT_EQ(s.find(util::Port{50505}, kTcp)->range, PortRange::Dynamic);
  EXPECT_TRUE(s.find(util::Port{50505}, kTcp)->service.empty());
}

TEST_F(PortStatsTest, ServiceNamesComeFromTheServicesFileFirst) {
  const auto path = std::filesystem::temp_directory_path() / "pt_port_stats_services";
  {
    std::ofstream out(path);
    out << "# test services(5)\nmyproto\t4242/tcp\t\t# ours\nwww-local 80/tcp http\n";
  }
  PortStatsConfig config;
  config.services_file = path;
  PortStats s(config);
  session(s, "10.0.0.1", "10.0.0.2", 40000, 4242, 0);
  session(s, "10.0.0.1", "10.0.0.2", 40001, 80, 0);
  session(s, "10.0.0.1", "10.0.0.2", 40002, 443, 0);  // not in the file: the built-in table
  EXPECT_EQ(s.find(util::Port{4242}, kTcp)->service.view(), "myproto");
  EXPECT_EQ(s.find(util::Port{80}, kTcp)->service.view(), "www-local");
  EXPECT_EQ(s.find(util::Port{443}, kTcp)->service.view(), "https");
  std::filesystem::remove(path);

  PortStatsConfig missing;
  missing.services_file = "/nonexistent/services";
  PortStats builtin(missing);
  session(builtin, "10.0.0.1", "10.0.0.2", 40000, 22, 0);
  EXPECT_EQ(builtin.find(util::Port{22}, kTcp)->service.view(), "ssh");
}

TEST_F(PortStatsTest, SeriesHoldsPacketsPerSecondAndRotates) {
  PortStats s;
  auto& c = conversation("10.0.0.1", "10.0.0.2", 40000, 443);
  feed(s, c.send(0.1, test::kSyn));
  for (int second = 0; second < 10; ++second) {
    for (int i = 0; i <= second; ++i) feed(s, c.send(second + 0.01 * i, test::kAck));
  }
  s.advance(at(9.5));
  auto row = s.find(util::Port{443}, kTcp);
  ASSERT_TRUE(row.has_value());
  // Index 59 is the current second (9), 58 is second 8, ...
  EXPECT_EQ(row->packets_per_second[59], 10U);
  EXPECT_EQ(row->packets_per_second[58], 9U);
  EXPECT_EQ(row->packets_per_second[50], 2U);  // second 0: the SYN and one ACK
  EXPECT_EQ(row->packets_per_second[49], 0U);
  EXPECT_DOUBLE_EQ(row->rate(), 56.0 / 10.0);  // 56 packets over the 10 s it was active

  s.advance(at(30.2));  // 21 s later the same packets sit 21 slots further back
  row = s.find(util::Port{443}, kTcp);
  EXPECT_EQ(row->packets_per_second[59], 0U);
  EXPECT_EQ(row->packets_per_second[59 - 21], 10U);
  EXPECT_EQ(row->packets_per_second[50 - 21], 2U);

  feed(s, c.send(75, test::kAck));  // more than 60 s after: older seconds are gone
  s.advance(at(75.5));
  row = s.find(util::Port{443}, kTcp);
  EXPECT_EQ(std::accumulate(row->packets_per_second.begin(), row->packets_per_second.end(), 0U), 1U);
  EXPECT_EQ(row->packets_per_second[59], 1U);
  EXPECT_EQ(row->packets, 57U);
}

TEST_F(PortStatsTest, HitsAreExactForFewSourcesAndEstimatedForMany) {
  PortStats s;
  for (int i = 0; i < 20; ++i) {
    auto& c = conversation("10.1.0." + std::to_string(i + 1), "10.0.0.2", 40000, 443);
    feed(s, c.send(0, test::kSyn));
    feed(s, c.send(0.5, test::kAck));  // more packets of the same flow: no more hits
    auto& again = conversation("10.1.0." + std::to_string(i + 1), "10.0.0.2", 40001, 443);
    feed(s, again.send(1, test::kSyn));  // a second connection from the same client
  }
  auto row = s.find(util::Port{443}, kTcp);
  EXPECT_EQ(row->hits, 20U);
  EXPECT_EQ(row->connections, 40U);
  for (int i = 0; i < 5000; ++i) {
    auto& c = conversation("10.2." + std::to_string(i / 250) + "." + std::to_string(i % 250), "10.0.0.2", 40000, 443);
    feed(s, c.send(2, test::kSyn));
    if (i % 500 == 0) {
      conversations_.clear();
      frames_.clear();
    }
  }
  row = s.find(util::Port{443}, kTcp);
  EXPECT_NEAR(static_cast<double>(row->hits), 5020.0, 5020.0 * 0.2);
  EXPECT_EQ(row->unique_destinations, 1U);
}

TEST_F(PortStatsTest, AFloodOfDistinctPortsStaysWithinCapacityAndKeepsBusyPorts) {
  PortStatsConfig config;
  config.capacity = 64;
  PortStats s(config);
  auto& web = conversation("10.0.0.1", "10.0.0.2", 40000, 443);
  feed(s, web.send(0, test::kSyn));
  feed(s, web.reply(0, test::kSyn | test::kAck));
  feed(s, web.send(0, test::kAck));
  auto& scan = conversation("10.6.6.6", "10.0.0.2", 50000, 1);
  auto probe = scan.send(0, test::kSyn);
  for (std::uint32_t port = 1; port <= 65535; ++port) {
    for (const std::uint8_t proto : {kTcp, kUdp}) {
      FlowRow row = scan.row();
      row.protocol = proto;
      row.dst_port = util::Port{static_cast<std::uint16_t>(port)};
      probe.packet.transport.dst_port = row.dst_port;
      s.record(probe.packet, FlowContext{&row, true, true});
    }
    if (port % 50 == 0) feed(s, web.send(0.00001 * port, test::kAck));  // keeps flowing
    ASSERT_LE(s.size(), 64U);
  }
  EXPECT_EQ(s.size(), 64U);
  EXPECT_EQ(s.evictions(), 2U * 65535U - 64U);  // 443/tcp is one of the scanned ports
  const auto busy = s.find(util::Port{443}, kTcp);
  ASSERT_TRUE(busy.has_value());
  EXPECT_GT(busy->packets, 1000U);
  std::vector<PortRow> rows;
  s.export_rows(rows);
  EXPECT_EQ(rows.size(), 64U);
}

TEST_F(PortStatsTest, TakeChangedReturnsRowsChangedSinceTheLastCall) {
  PortStats s;
  session(s, "10.0.0.1", "10.0.0.2", 40000, 80, 0);
  session(s, "10.0.0.1", "10.0.0.2", 40001, 443, 0);
  std::vector<PortRow> changed;
  s.take_changed(changed);
  EXPECT_EQ(changed.size(), 2U);
  changed.clear();
  s.take_changed(changed);
  EXPECT_TRUE(changed.empty());
  session(s, "10.0.0.1", "10.0.0.2", 40002, 443, 1);
  s.take_changed(changed);
  ASSERT_EQ(changed.size(), 1U);
  EXPECT_EQ(changed[0].port.value, 443);
  EXPECT_EQ(changed[0].connections, 2U);
}

TEST_F(PortStatsTest, IgnoresPacketsWithoutAFlowAndNonPortProtocols) {
  PortStats s;
  trackers_test::FrameStore frames;
  const auto& arp = frames.decode(test::ethernet(test::arp(1, "10.0.0.1", "10.0.0.2"), test::kEtherArp), at(0));
  s.record(arp, FlowContext{});
  const auto& ping =
      frames.decode(test::ethernet(test::ipv4("10.0.0.1", "10.0.0.2", 1, test::icmp(8, 0, 1, 1))), at(0));
  FlowRow icmp_flow;
  icmp_flow.protocol = 1;
  s.record(ping, FlowContext{&icmp_flow, true, true});
  EXPECT_EQ(s.size(), 0U);
}

}  // namespace
}  // namespace pt::engine

#include "engine/flow_table.hpp"

#include <gtest/gtest.h>

#include <array>
#include <vector>

#include "packet/decode.hpp"
#include "support/packet_builder.hpp"

namespace pt::engine {
namespace {

using namespace std::chrono_literals;
using test::Bytes;

// Records how flows ended, as the engine would.
class RecordingEndHandler : public FlowEndHandler {
 public:
  void on_flow_end(FlowEntry& entry, FlowEnd why) override { ended.push_back({entry.row, why}); }
  struct Ended {
    FlowRow row;
    FlowEnd why;
  };
  std::vector<Ended> ended;
};

// Decodes an Ethernet frame held by the fixture (the Packet's spans point into it).
class FlowTableTest : public ::testing::Test {
 protected:
  const packet::Packet& decode(Bytes frame, util::Timestamp t) {
    frames_.push_back(std::move(frame));
    packet::Frame f;
    f.timestamp = t;
    f.data = frames_.back();
    f.wire_length = static_cast<std::uint32_t>(frames_.back().size());
    f.link_type = 1;
    packet::decode(f, packet_);
    return packet_;
  }
  FlowUpdate tcp(FlowTable& table, const char* src, const char* dst, std::uint16_t sp, std::uint16_t dp,
                 std::uint8_t flags, util::Timestamp t, Bytes payload = {}) {
    return table.update(decode(test::ethernet(test::ipv4(src, dst, 6, test::tcp(sp, dp, flags, payload))), t));
  }
  static util::Timestamp at(double seconds) { return util::from_unix_seconds(1'700'000'000.0 + seconds); }

  std::vector<Bytes> frames_;
  packet::Packet packet_;
  RecordingEndHandler ended_;
};

TEST_F(FlowTableTest, BothDirectionsShareOneFlowOrientedByTheSyn) {
  FlowTable table({}, ended_);
  auto syn = tcp(table, "10.0.0.1", "93.184.216.34", 51000, 443, test::kSyn, at(0));
  ASSERT_NE(syn.entry, nullptr);
  EXPECT_TRUE(syn.created);
  EXPECT_TRUE(syn.from_initiator);
  auto synack = tcp(table, "93.184.216.34", "10.0.0.1", 443, 51000, test::kSyn | test::kAck, at(0.01));
  EXPECT_EQ(synack.entry, syn.entry);
  EXPECT_FALSE(synack.from_initiator);
  tcp(table, "10.0.0.1", "93.184.216.34", 51000, 443, test::kAck, at(0.02), test::bytes_of("hello"));
  EXPECT_EQ(table.size(), 1U);
  auto& row = syn.entry->row;
  EXPECT_EQ(row.src.to_string(), "10.0.0.1");
  EXPECT_EQ(row.dst_port.value, 443);
  EXPECT_EQ(row.packets_sent, 2U);
  EXPECT_EQ(row.packets_recv, 1U);
  EXPECT_EQ(row.payload_sent, 5U);
  EXPECT_EQ(row.flow_key(), "tcp 10.0.0.1:51000 > 93.184.216.34:443");
  FlowTable::finalize_row(*syn.entry);
  EXPECT_EQ(row.state, ConnState::S1);
  EXPECT_EQ(row.history.view(), "ShD");
}

TEST(FlowRowTest, FlowKeyTextBracketsIpv6AndSpellsEveryPort) {
  FlowRow row;
  row.protocol = 17;
  row.src = *util::IpAddress::parse("2001:db8::1");
  row.dst = *util::IpAddress::parse("2001:db8:ffff:ffff:ffff:ffff:ffff:ffff");
  row.src_port = util::Port{0};
  row.dst_port = util::Port{65535};
  EXPECT_EQ(row.flow_key(), "udp [2001:db8::1]:0 > [2001:db8:ffff:ffff:ffff:ffff:ffff:ffff]:65535");
  std::array<char, FlowRow::kFlowKeyMax> buffer{};
  EXPECT_EQ(row.format_flow_key(buffer), row.flow_key());
  row.protocol = 200;
  row.src = *util::IpAddress::parse("255.255.255.255");
  row.dst = *util::IpAddress::parse("0.0.0.0");
  row.src_port = util::Port{10};
  EXPECT_EQ(row.flow_key(), "ip-200 255.255.255.255:10 > 0.0.0.0:65535");
}

TEST_F(FlowTableTest, MidStreamCaptureIsOrientedTowardsTheServerPort) {
  FlowTable table({}, ended_);
  auto u = tcp(table, "93.184.216.34", "10.0.0.1", 443, 51000, test::kAck, at(0), test::bytes_of("data"));
  ASSERT_NE(u.entry, nullptr);
  EXPECT_FALSE(u.from_initiator);
  EXPECT_EQ(u.entry->row.src.to_string(), "10.0.0.1");
  EXPECT_EQ(u.entry->row.dst_port.value, 443);
  FlowTable::finalize_row(*u.entry);
  EXPECT_EQ(u.entry->row.state, ConnState::OTH);
}

TEST_F(FlowTableTest, ConnStatesFollowZeek) {
  FlowTable table({}, ended_);
  // REJ: SYN answered by RST.
  auto rej = tcp(table, "10.0.0.1", "10.0.0.2", 40000, 81, test::kSyn, at(0));
  tcp(table, "10.0.0.2", "10.0.0.1", 81, 40000, test::kRst | test::kAck, at(0.001));
  FlowTable::finalize_row(*rej.entry);
  EXPECT_EQ(rej.entry->row.state, ConnState::REJ);
  // S0: unanswered SYN.
  auto s0 = tcp(table, "10.0.0.1", "10.0.0.2", 40001, 82, test::kSyn, at(0));
  FlowTable::finalize_row(*s0.entry);
  EXPECT_EQ(s0.entry->row.state, ConnState::S0);
  // SF: handshake, data, FIN both ways.
  auto sf = tcp(table, "10.0.0.1", "10.0.0.2", 40002, 80, test::kSyn, at(0));
  tcp(table, "10.0.0.2", "10.0.0.1", 80, 40002, test::kSyn | test::kAck, at(0.001));
  tcp(table, "10.0.0.1", "10.0.0.2", 40002, 80, test::kAck | test::kPsh, at(0.002), test::bytes_of("GET"));
  tcp(table, "10.0.0.1", "10.0.0.2", 40002, 80, test::kFin | test::kAck, at(0.003));
  tcp(table, "10.0.0.2", "10.0.0.1", 80, 40002, test::kFin | test::kAck, at(0.004));
  FlowTable::finalize_row(*sf.entry);
  EXPECT_EQ(sf.entry->row.state, ConnState::SF);
  EXPECT_TRUE(sf.entry->row.closed);
  EXPECT_EQ(sf.entry->row.history.view(), "ShDFf");
  // RSTO: established, then the originator aborts.
  auto rsto = tcp(table, "10.0.0.1", "10.0.0.2", 40003, 80, test::kSyn, at(0));
  tcp(table, "10.0.0.2", "10.0.0.1", 80, 40003, test::kSyn | test::kAck, at(0.001));
  tcp(table, "10.0.0.1", "10.0.0.2", 40003, 80, test::kRst, at(0.002));
  FlowTable::finalize_row(*rsto.entry);
  EXPECT_EQ(rsto.entry->row.state, ConnState::RSTO);
}

TEST_F(FlowTableTest, NewSynAfterCloseStartsANewFlow) {
  FlowTable table({}, ended_);
  auto first = tcp(table, "10.0.0.1", "10.0.0.2", 40000, 80, test::kSyn, at(0));
  const auto first_id = first.entry->row.id;
  tcp(table, "10.0.0.2", "10.0.0.1", 80, 40000, test::kRst | test::kAck, at(0.001));
  auto second = tcp(table, "10.0.0.1", "10.0.0.2", 40000, 80, test::kSyn, at(1));
  EXPECT_TRUE(second.created);
  EXPECT_NE(second.entry->row.id, first_id);
  ASSERT_EQ(ended_.ended.size(), 1U);
  EXPECT_EQ(ended_.ended[0].why, FlowEnd::Closed);
  EXPECT_EQ(ended_.ended[0].row.state, ConnState::REJ);
  EXPECT_EQ(table.counters().closed, 1U);
  // A retransmitted SYN on a live flow is not a new connection.
  auto again = tcp(table, "10.0.0.1", "10.0.0.2", 40000, 80, test::kSyn, at(1.5));
  EXPECT_FALSE(again.created);
}

TEST_F(FlowTableTest, IdleFlowsExpireByPacketTime) {
  FlowTable table({.capacity = 10, .idle_timeout = 300s}, ended_);
  tcp(table, "10.0.0.1", "10.0.0.2", 40000, 80, test::kSyn, at(0));
  tcp(table, "10.0.0.1", "10.0.0.3", 40001, 80, test::kSyn, at(200));
  table.expire(at(299));
  EXPECT_EQ(table.size(), 2U);
  table.expire(at(301));
  EXPECT_EQ(table.size(), 1U);
  EXPECT_EQ(table.counters().expired, 1U);
  ASSERT_EQ(ended_.ended.size(), 1U);
  EXPECT_EQ(ended_.ended[0].row.dst.to_string(), "10.0.0.2");
}

TEST_F(FlowTableTest, FullTableEvictsTheLeastRecentlySeenFlow) {
  FlowTable table({.capacity = 3}, ended_);
  tcp(table, "10.0.0.1", "10.0.1.1", 40000, 80, test::kSyn, at(0));
  tcp(table, "10.0.0.1", "10.0.1.2", 40000, 80, test::kSyn, at(1));
  tcp(table, "10.0.0.1", "10.0.1.3", 40000, 80, test::kSyn, at(2));
  tcp(table, "10.0.0.1", "10.0.1.1", 40000, 80, test::kSyn, at(3));  // touches the oldest
  tcp(table, "10.0.0.1", "10.0.1.4", 40000, 80, test::kSyn, at(4));
  EXPECT_EQ(table.size(), 3U);
  ASSERT_EQ(ended_.ended.size(), 1U);
  EXPECT_EQ(ended_.ended[0].why, FlowEnd::Evicted);
  EXPECT_EQ(ended_.ended[0].row.dst.to_string(), "10.0.1.2");
  EXPECT_EQ(table.counters().evicted, 1U);
}

TEST_F(FlowTableTest, IcmpEchoRequestAndReplyShareAFlowKeyedByIdentifier) {
  FlowTable table({}, ended_);
  auto req = table.update(decode(test::ethernet(test::ipv4("10.0.0.1", "8.8.8.8", 1, test::icmp(8, 0, 77, 1))), at(0)));
  auto rep =
      table.update(decode(test::ethernet(test::ipv4("8.8.8.8", "10.0.0.1", 1, test::icmp(0, 0, 77, 1))), at(0.01)));
  auto other =
      table.update(decode(test::ethernet(test::ipv4("10.0.0.1", "8.8.8.8", 1, test::icmp(8, 0, 78, 1))), at(0.02)));
  ASSERT_NE(req.entry, nullptr);
  EXPECT_EQ(rep.entry, req.entry);
  EXPECT_FALSE(rep.from_initiator);
  EXPECT_NE(other.entry, req.entry);
  EXPECT_EQ(req.entry->row.src_port.value, 8);  // Zeek: orig_p = ICMP type
  EXPECT_EQ(req.entry->row.dst_port.value, 0);
  FlowTable::finalize_row(*req.entry);
  EXPECT_EQ(req.entry->row.state, ConnState::SF);
}

TEST_F(FlowTableTest, NonFirstFragmentsJoinTheirFlow) {
  FlowTable table({}, ended_);
  const Bytes big(64, 0x41);
  auto first = table.update(decode(test::ethernet(test::ipv4("10.0.0.1", "10.0.0.2", 17, test::udp(5000, 6000, big),
                                                             {.id = 99, .more_fragments = true})),
                                   at(0)));
  ASSERT_NE(first.entry, nullptr);
  auto second = table.update(decode(
      test::ethernet(test::ipv4("10.0.0.1", "10.0.0.2", 17, Bytes(40, 0x42), {.id = 99, .fragment_offset_bytes = 72})),
      at(0.001)));
  EXPECT_EQ(second.entry, first.entry);
  EXPECT_EQ(first.entry->row.fragments, 1U);
  EXPECT_EQ(first.entry->row.packets_sent, 2U);
  EXPECT_EQ(table.counters().fragments_attributed, 1U);
  auto stray = table.update(decode(
      test::ethernet(test::ipv4("10.0.0.1", "10.0.0.2", 17, Bytes(40, 0x42), {.id = 100, .fragment_offset_bytes = 72})),
      at(0.002)));
  EXPECT_EQ(stray.entry, nullptr);
  EXPECT_EQ(table.counters().fragments_unmatched, 1U);
}

TEST_F(FlowTableTest, IndexSurvivesHeavyChurn) {
  FlowTable table({.capacity = 64}, ended_);
  for (int i = 0; i < 5000; ++i) {
    const std::string dst = "10.1." + std::to_string(i / 250) + "." + std::to_string(i % 250);
    auto u = tcp(table, "10.0.0.1", dst.c_str(), static_cast<std::uint16_t>(1024 + i % 60000), 80, test::kSyn, at(i));
    ASSERT_TRUE(u.created);
  }
  EXPECT_EQ(table.size(), 64U);
  EXPECT_EQ(table.counters().evicted, 5000U - 64U);
  // Every surviving flow is still findable (backward-shift deletion kept probe chains intact).
  for (int i = 5000 - 64; i < 5000; ++i) {
    const std::string dst = "10.1." + std::to_string(i / 250) + "." + std::to_string(i % 250);
    auto u =
        tcp(table, "10.0.0.1", dst.c_str(), static_cast<std::uint16_t>(1024 + i % 60000), 80, test::kAck, at(6000));
    EXPECT_FALSE(u.created) << dst;
  }
}

TEST(FlowEntrySize, StaysWithinTheMemoryBudget) {
  // Issue 3: <= 400 bytes per tracked flow once classified (entry + two index slots).
  EXPECT_LE(sizeof(FlowEntry) + 2 * 8, 400U) << "sizeof(FlowEntry)=" << sizeof(FlowEntry);
}

}  // namespace
}  // namespace pt::engine

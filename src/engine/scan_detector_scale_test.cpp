#include <gtest/gtest.h>

#include <deque>
#include <string>

#include "engine/scan_detector.hpp"
#include "engine/tracker_test_conversation.hpp"

// The scan detector at scale: a full 65,535-port scan counted exactly, and the source table and
// memory held to their bounds under a flood.

namespace pt::engine {
namespace {

using trackers_test::at;
using trackers_test::Conversation;
using trackers_test::FrameStore;
using trackers_test::Step;

const std::string kScanner = "10.0.1.2";
const std::string kTarget = "10.0.2.2";

util::IpAddress ip(const std::string& text) { return *util::IpAddress::parse(text); }

// Probes built once and re-aimed: a full-range scan is 131,070 packets.
class Retargeter {
 public:
  Retargeter(FrameStore& frames, const std::string& source, const std::string& target)
      : conversation_(frames, source, target, 54321, 1) {
    syn_ = conversation_.send(0, test::kSyn);
    rst_ = conversation_.reply(0, test::kRst | test::kAck);
  }
  // A SYN to `port` at t, and the target's RST when `refused`.
  void probe(ScanDetector& d, std::uint16_t port, double t, bool refused) {
    FlowRow row = conversation_.row();
    row.dst_port = util::Port{port};
    row.packets_recv = 0;
    row.flags_recv = 0;
    row.packets_sent = 1;
    syn_.packet.transport.dst_port = util::Port{port};
    syn_.packet.timestamp = at(t);
    d.record(syn_.packet, FlowContext{&row, true, true});
    if (!refused) return;
    row.packets_recv = 1;
    row.flags_recv = test::kRst | test::kAck;
    rst_.packet.transport.src_port = util::Port{port};
    rst_.packet.timestamp = at(t);
    d.record(rst_.packet, FlowContext{&row, false, false});
  }

 private:
  Conversation conversation_;
  Step syn_;
  Step rst_;
};

TEST(ScanDetectorScaleTest, CountsAllPortsOfAFullRangeScanExactly) {
  FrameStore frames_;
  ScanDetector d;
  Retargeter scan(frames_, kScanner, kTarget);
  for (std::uint32_t port = 1; port <= 65535; ++port) {
    scan.probe(d, static_cast<std::uint16_t>(port), 0.0005 * port, port % 100 != 0);  // 1 % filtered
    if (port % 2000 == 0) d.advance(at(0.0005 * port));
  }
  d.advance(at(36));
  const auto row = d.activity(ip(kScanner));
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->distinct_ports, 65535U);
  EXPECT_EQ(row->verdict, ScanVerdict::LikelyScanner);
}

TEST(ScanDetectorScaleTest, SourceTableAndMemoryStayBounded) {
  FrameStore frames_;
  std::deque<Conversation> conversations_;
  ScanConfig config;
  config.max_sources = 64;
  config.max_memory_bytes = 256 * 1024;
  ScanDetector d(config);
  // Two sources scan 30,000 ports while 3,000 spoofed sources send one SYN each.
  Retargeter first(frames_, kScanner, kTarget);
  Retargeter second(frames_, "10.0.9.9", kTarget);
  for (std::uint32_t i = 1; i <= 30000; ++i) {
    const auto port = static_cast<std::uint16_t>(i);
    first.probe(d, port, 0.0001 * i, true);
    second.probe(d, port, 0.0001 * i, true);
    if (i % 10 == 0) {
      const std::string spoofed = "172.16." + std::to_string(i / 2560) + "." + std::to_string((i / 10) % 256);
      const auto syn = conversations_.emplace_back(frames_, spoofed, kTarget, 1234, 80).send(0.0001 * i, test::kSyn);
      d.record(syn.packet, syn.ctx);
      conversations_.clear();
      frames_.clear();
    }
    if (i % 1000 == 0) d.advance(at(0.0001 * i));
    ASSERT_LE(d.sources(), 64U);
  }
  d.advance(at(4));
  EXPECT_GT(d.evictions(), 0U);
  // The budget holds except for the source being recorded, which its own caps bound.
  EXPECT_LE(d.memory_bytes(), config.max_memory_bytes + 3U * 1024U * 1024U);
  // Scanners are kept in preference to one-SYN sources; the one that gave up its maps to the
  // budget keeps its worst window on record.
  ASSERT_TRUE(d.activity(*util::IpAddress::parse("10.0.9.9")).has_value());
  EXPECT_EQ(d.activity(*util::IpAddress::parse("10.0.9.9"))->verdict, ScanVerdict::LikelyScanner);
  ASSERT_TRUE(d.activity(ip(kScanner)).has_value());
  EXPECT_EQ(d.activity(ip(kScanner))->verdict, ScanVerdict::LikelyScanner);
}

}  // namespace
}  // namespace pt::engine

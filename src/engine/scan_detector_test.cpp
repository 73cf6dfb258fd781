#include "engine/scan_detector.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/tracker_test_conversation.hpp"

namespace pt::engine {
namespace {

using trackers_test::at;
using trackers_test::Conversation;
using trackers_test::FrameStore;
using trackers_test::Step;

constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kUdp = 17;
const std::string kScanner = "10.0.1.2";
const std::string kTarget = "10.0.2.2";

util::IpAddress ip(const std::string& text) { return *util::IpAddress::parse(text); }

class ScanDetectorTest : public ::testing::Test {
 protected:
  void feed(ScanDetector& d, const Step& s) { d.record(s.packet, s.ctx); }

  // Advances the detector in 100 ms ticks of packet time up to `until`, as the engine does.
  void tick_until(ScanDetector& d, double until) {
    for (; clock_ <= until; clock_ += 0.1) d.advance(at(clock_));
    d.advance(at(until));
  }

  Conversation& conversation(const std::string& a, const std::string& b, std::uint16_t ap, std::uint16_t bp,
                             std::uint8_t proto = kTcp) {
    conversations_.emplace_back(frames_, a, b, ap, bp, proto);
    return conversations_.back();
  }

  // One nmap -sS probe: SYN; closed ports answer RST+ACK, open ones SYN+ACK and the scanner's
  // kernel resets the half-open connection.
  void syn_probe(ScanDetector& d, std::uint16_t port, double t, bool open, const std::string& target = kTarget) {
    auto& c = conversation(kScanner, target, 54321, port);
    feed(d, c.send(t, test::kSyn));
    if (open) {
      feed(d, c.reply(t + 0.0001, test::kSyn | test::kAck));
      feed(d, c.send(t + 0.0002, test::kRst));
    } else {
      feed(d, c.reply(t + 0.0001, test::kRst | test::kAck));
    }
  }

  FrameStore frames_;
  std::deque<Conversation> conversations_;
  double clock_ = 0;
};

TEST_F(ScanDetectorTest, SynScanIsALikelyScannerWithTheExactPortCount) {
  ScanDetector d;
  // DEPS.md §6: nmap -sS -p 1-200 against a host with 80 and 143 open, in 0.08 s.
  for (std::uint16_t port = 1; port <= 200; ++port) {
    syn_probe(d, port, 0.0004 * port, port == 80 || port == 143);
  }
  tick_until(d, 0.3);
  const auto row = d.activity(ip(kScanner));
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->distinct_ports, 200U);
  EXPECT_EQ(row->distinct_hosts, 1U);
  EXPECT_EQ(row->verdict, ScanVerdict::LikelyScanner);
  EXPECT_EQ(row->kinds, scan_kind::kSyn);
  EXPECT_EQ(row->top_target, ip(kTarget));
  EXPECT_EQ(row->probes, 200U);
  EXPECT_GT(row->rate, 100.0);
  // The target answered every probe: it is no scanner.
  EXPECT_FALSE(d.activity(ip(kTarget)).has_value());
  std::vector<ScanRow> likely;
  d.likely_scanners(likely);
  ASSERT_EQ(likely.size(), 1U);
  EXPECT_EQ(likely[0].source, ip(kScanner));
}

}  // namespace
}  // namespace pt::engine

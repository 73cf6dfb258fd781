#include "engine/hop_estimator.hpp"

#include <gtest/gtest.h>

#include <string>

#include "engine/tracker_test_conversation.hpp"

namespace pt::engine {
namespace {

using trackers_test::at;
using trackers_test::FrameStore;

util::IpAddress ip(const std::string& text) { return *util::IpAddress::parse(text); }

class HopEstimatorTest : public ::testing::Test {
 protected:
  void send(HopEstimator& h, const std::string& src, const std::string& dst, std::uint8_t ttl, double t = 0) {
    const auto& p = frames_.decode(test::ethernet(trackers_test::ip_packet(src, dst, 17, test::udp(5000, 53), ttl),
                                                  trackers_test::is_v6(src) ? test::kEtherIpv6 : test::kEtherIpv4),
                                   at(t));
    h.record(p, FlowContext{});
  }
  FrameStore frames_;
};

TEST_F(HopEstimatorTest, InfersTheInitialTtlFromTheObservedOne) {
  EXPECT_EQ(HopEstimator::initial_ttl(0), 32);
  EXPECT_EQ(HopEstimator::initial_ttl(1), 32);
  EXPECT_EQ(HopEstimator::initial_ttl(32), 32);
  EXPECT_EQ(HopEstimator::initial_ttl(33), 64);
  EXPECT_EQ(HopEstimator::initial_ttl(64), 64);
  EXPECT_EQ(HopEstimator::initial_ttl(65), 128);
  EXPECT_EQ(HopEstimator::initial_ttl(117), 128);
  EXPECT_EQ(HopEstimator::initial_ttl(128), 128);
  EXPECT_EQ(HopEstimator::initial_ttl(129), 255);
  EXPECT_EQ(HopEstimator::initial_ttl(255), 255);
  EXPECT_EQ(HopEstimator::hops(117), 11);
  EXPECT_EQ(HopEstimator::hops(64), 0);
  EXPECT_EQ(HopEstimator::hops(243), 12);
}

TEST_F(HopEstimatorTest, TracksHopsPerRemoteHost) {
  HopEstimator h;
  send(h, "93.184.216.34", "10.0.0.1", 57, 0);
  send(h, "93.184.216.34", "10.0.0.1", 55, 1);  // a longer path for a while
  send(h, "93.184.216.34", "10.0.0.1", 57, 2);
  send(h, "8.8.8.8", "10.0.0.1", 117, 3);
  send(h, "2001:db8::53", "2001:db8::1", 250, 4);
  const auto a = h.find(ip("93.184.216.34"));
  ASSERT_TRUE(a.has_value());
  EXPECT_EQ(a->initial_ttl, 64);
  EXPECT_EQ(a->last_ttl, 57);
  EXPECT_EQ(a->hops_min, 7);
  EXPECT_EQ(a->hops_max, 9);
  EXPECT_EQ(a->hops_last, 7);
  EXPECT_EQ(a->samples, 3U);
  EXPECT_EQ(a->last_seen, at(2));
  const auto b = h.find(ip("8.8.8.8"));
  EXPECT_EQ(b->initial_ttl, 128);
  EXPECT_EQ(b->hops_last, 11);
  const auto c = h.find(ip("2001:db8::53"));
  EXPECT_EQ(c->initial_ttl, 255);
  EXPECT_EQ(c->hops_last, 5);
  std::vector<HopRow> rows;
  h.export_rows(rows);
  EXPECT_EQ(rows.size(), 3U);
}

TEST_F(HopEstimatorTest, RecordTtlIsTheSpecsEntryPoint) {
  HopEstimator h;
  h.record_ttl(ip("192.0.2.1"), 60, at(0));
  h.record_ttl(ip("192.0.2.1"), 61, at(1));
  const auto r = h.find(ip("192.0.2.1"));
  EXPECT_EQ(r->hops_min, 3);
  EXPECT_EQ(r->hops_max, 4);
  EXPECT_EQ(r->hops_last, 3);
}

TEST_F(HopEstimatorTest, IgnoresMulticastAndBroadcastDestinations) {
  HopEstimator h;
  send(h, "10.0.0.5", "224.0.0.251", 255);      // mDNS
  send(h, "10.0.0.5", "239.255.255.250", 2);    // SSDP
  send(h, "10.0.0.5", "255.255.255.255", 128);  // broadcast
  send(h, "fe80::5", "ff02::fb", 255);
  EXPECT_EQ(h.size(), 0U);
}

TEST_F(HopEstimatorTest, CapacityBoundsTheTableAndChangesAreReportedOnce) {
  HopEstimatorConfig config;
  config.capacity = 16;
  HopEstimator h(config);
  for (int i = 0; i < 100; ++i) h.record_ttl(ip("198.51.100." + std::to_string(i)), 50, at(i));
  EXPECT_EQ(h.size(), 16U);
  EXPECT_EQ(h.evictions(), 84U);
  EXPECT_TRUE(h.find(ip("198.51.100.99")).has_value());
  EXPECT_FALSE(h.find(ip("198.51.100.0")).has_value());
  std::vector<HopRow> changed;
  h.take_changed(changed);
  EXPECT_EQ(changed.size(), 16U);
  changed.clear();
  h.take_changed(changed);
  EXPECT_TRUE(changed.empty());
  h.record_ttl(ip("198.51.100.99"), 49, at(200));
  h.take_changed(changed);
  ASSERT_EQ(changed.size(), 1U);
  EXPECT_EQ(changed[0].hops_max, 15);
}

}  // namespace
}  // namespace pt::engine

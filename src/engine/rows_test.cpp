#include "engine/rows.hpp"

#include <gtest/gtest.h>

#include "util/time.hpp"

namespace pt::engine {
namespace {

TEST(RowsTest, PortRangesFollowRfc6335) {
  EXPECT_EQ(port_range(0), PortRange::WellKnown);
  EXPECT_EQ(port_range(1023), PortRange::WellKnown);
  EXPECT_EQ(port_range(1024), PortRange::Registered);
  EXPECT_EQ(port_range(49151), PortRange::Registered);
  EXPECT_EQ(port_range(49152), PortRange::Dynamic);
  EXPECT_EQ(port_range(65535), PortRange::Dynamic);
  EXPECT_EQ(to_string(PortRange::WellKnown), "well-known");
  EXPECT_EQ(to_string(PortRange::Registered), "registered");
  EXPECT_EQ(to_string(PortRange::Dynamic), "dynamic");
}

TEST(RowsTest, NamesVerdictsKindsAndDevices) {
  EXPECT_EQ(to_string(ScanVerdict::None), "none");
  EXPECT_EQ(to_string(ScanVerdict::Suspicious), "suspicious");
  EXPECT_EQ(to_string(ScanVerdict::LikelyScanner), "likely_scanner");
  EXPECT_EQ(scan_kind_names(0), "");
  EXPECT_EQ(scan_kind_names(scan_kind::kSyn | scan_kind::kUdp), "syn,udp");
  EXPECT_EQ(scan_kind_names(0x7F), "syn,connect,fin,null,xmas,udp,ack");
  EXPECT_EQ(to_string(DeviceKind::Unknown), "unknown");
  EXPECT_EQ(to_string(DeviceKind::Endpoint), "endpoint");
  EXPECT_EQ(to_string(DeviceKind::Router), "router");
  EXPECT_EQ(to_string(DeviceKind::Switch), "switch");
}

TEST(RowsTest, PortRateAveragesOverTheSecondsThePortWasActive) {
  PortRow row;
  EXPECT_EQ(row.rate(), 0.0);
  row.first_seen = util::from_unix_seconds(100.2);
  row.last_seen = util::from_unix_seconds(104.9);  // seconds 100-104: 5 s
  row.packets_per_second[55] = 10;
  row.packets_per_second[59] = 15;
  EXPECT_DOUBLE_EQ(row.rate(), 5.0);
  row.first_seen = util::from_unix_seconds(0);  // long-lived: the whole 60 s series
  EXPECT_DOUBLE_EQ(row.rate(), 25.0 / 60.0);
}

}  // namespace
}  // namespace pt::engine

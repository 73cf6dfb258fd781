#include "engine/device_tracker.hpp"

#include <gtest/gtest.h>

#include <string>

#include "engine/tracker_test_conversation.hpp"

namespace pt::engine {
namespace {

using trackers_test::at;
using trackers_test::FrameStore;

constexpr const char* kRouterMac = "02:00:00:00:00:fe";
constexpr const char* kHostMac = "02:00:00:00:00:10";

packet::MacAddress mac(const char* text) {
  packet::MacAddress out{};
  unsigned v[6];
  std::sscanf(text, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]);
  for (std::size_t i = 0; i < 6; ++i) out[i] = static_cast<std::uint8_t>(v[i]);
  return out;
}

class DeviceTrackerTest : public ::testing::Test {
 protected:
  void frame(DeviceTracker& d, const test::Bytes& payload, std::uint16_t ethertype, const char* src,
             const char* dst = "02:00:00:00:00:01") {
    test::EthernetSpec eth;
    eth.src_mac = src;
    eth.dst_mac = dst;
    d.record(frames_.decode(test::ethernet(payload, ethertype, eth), at(t_)), FlowContext{});
    t_ += 0.01;
  }
  void ip(DeviceTracker& d, const char* src_mac, const std::string& src, const std::string& dst, std::uint8_t protocol,
          const test::Bytes& l4, std::uint8_t ttl, const char* dst_mac = "02:00:00:00:00:01") {
    frame(d, trackers_test::ip_packet(src, dst, protocol, l4, ttl),
          trackers_test::is_v6(src) ? test::kEtherIpv6 : test::kEtherIpv4, src_mac, dst_mac);
  }
  DeviceRow row(DeviceTracker& d, const char* m) {
    const auto r = d.find(mac(m));
    EXPECT_TRUE(r.has_value()) << m;
    return r.value_or(DeviceRow{});
  }

  FrameStore frames_;
  double t_ = 0;
};

TEST_F(DeviceTrackerTest, AHostWithSeveralAddressesIsAnEndpoint) {
  DeviceTracker d;
  frame(d, test::arp(1, "192.168.1.10", "192.168.1.1"), test::kEtherArp, kHostMac, "ff:ff:ff:ff:ff:ff");
  ip(d, kHostMac, "192.168.1.10", "93.184.216.34", 6, test::tcp(40000, 443, test::kSyn), 64);
  ip(d, kHostMac, "2001:db8:1::10", "2001:db8:5::1", 6, test::tcp(40000, 443, test::kSyn), 64);
  ip(d, kHostMac, "2001:db8:1::abcd", "2001:db8:5::1", 6, test::tcp(40001, 443, test::kSyn), 64);
  ip(d, kHostMac, "fe80::10", "ff02::1", 58, test::icmpv6(135, 0), 255);
  // It runs a traceroute: low TTLs of its own are not forwarded traffic.
  for (std::uint8_t ttl = 1; ttl <= 30; ++ttl) {
    ip(d, kHostMac, "192.168.1.10", "93.184.216.34", 17, test::udp(40000, 33434), ttl);
  }
  const auto r = row(d, kHostMac);
  EXPECT_EQ(r.kind, DeviceKind::Endpoint);
  EXPECT_EQ(r.address, *util::IpAddress::parse("192.168.1.10"));  // what it announced in ARP
  EXPECT_EQ(r.addresses_behind, 4U);
  EXPECT_EQ(r.packets, 35U);
  EXPECT_EQ(r.reason.view(), "4 addresses, nothing forwarded");
}

TEST_F(DeviceTrackerTest, TheGatewayForwardingInternetTrafficIsARouter) {
  DeviceTracker d;
  ip(d, kRouterMac, "1.1.1.1", "192.168.1.10", 6, test::tcp(443, 40000, test::kAck), 57);
  ip(d, kRouterMac, "8.8.8.8", "192.168.1.10", 17, test::udp(53, 40001), 117);
  EXPECT_EQ(row(d, kRouterMac).kind, DeviceKind::Router);  // two senders arriving decremented
  EXPECT_EQ(row(d, kRouterMac).reason.view(), "forwards: 2 senders with decremented TTL");
  ip(d, kRouterMac, "9.9.9.9", "192.168.1.10", 17, test::udp(53, 40002), 250);
  const auto r = row(d, kRouterMac);
  EXPECT_EQ(r.kind, DeviceKind::Router);
  EXPECT_EQ(r.reason.view(), "3 hosts in 3 networks behind one MAC");
  EXPECT_TRUE(r.address.empty());  // which of them would it be?
  EXPECT_EQ(r.addresses_behind, 3U);
}

TEST_F(DeviceTrackerTest, ManyNetworksAloneMakeARouterButOneSubnetDoesNot) {
  DeviceTracker d;
  for (int net = 1; net <= 3; ++net) {
    ip(d, kRouterMac, "10.0." + std::to_string(net) + ".1", "10.0.1.2", 1, test::icmp(0, 0, 1, 1), 64);
  }
  EXPECT_EQ(row(d, kRouterMac).kind, DeviceKind::Router);
  // Many addresses of one /24 with undecremented TTLs: a host with aliases, not a router.
  for (int i = 1; i <= 20; ++i) {
    ip(d, kHostMac, "10.0.9." + std::to_string(i), "10.0.1.2", 17, test::udp(5000, 53), 64);
  }
  const auto host = row(d, kHostMac);
  EXPECT_EQ(host.kind, DeviceKind::Endpoint);
  EXPECT_EQ(host.addresses_behind, 20U);
  EXPECT_TRUE(host.address.empty());  // more addresses than it keeps: no single one
}

TEST_F(DeviceTrackerTest, IcmpErrorsAndRoutingProtocolsMakeRouters) {
  DeviceTracker d;
  const auto quoted = test::Bytes(28, 0);
  ip(d, "02:00:00:00:01:01", "10.0.1.1", "10.0.1.2", 1, test::icmp(11, 0, 0, 0, quoted), 64);
  ip(d, "02:00:00:00:01:02", "10.0.1.1", "10.0.1.2", 1, test::icmp(5, 1, 0, 0, quoted), 64);
  ip(d, "02:00:00:00:01:03", "10.0.1.3", "224.0.0.5", 89, test::Bytes(44, 0), 1, "01:00:5e:00:00:05");
  ip(d, "02:00:00:00:01:04", "10.0.1.4", "224.0.0.18", 112, test::Bytes(20, 0), 255, "01:00:5e:00:00:12");
  ip(d, "02:00:00:00:01:05", "10.0.1.5", "224.0.0.2", 17, test::udp(1985, 1985, test::Bytes(20, 0)), 1,
     "01:00:5e:00:00:02");
  ip(d, "02:00:00:00:01:06", "10.0.1.6", "224.0.0.9", 17, test::udp(520, 520, test::Bytes(24, 0)), 1,
     "01:00:5e:00:00:09");
  ip(d, "02:00:00:00:01:07", "10.0.1.7", "10.0.1.8", 6,
     test::tcp(179, 50000, test::kPsh | test::kAck, test::Bytes(19, 0xFF)), 1);
  ip(d, "02:00:00:00:01:08", "fe80::1", "ff02::1", 58, test::icmpv6(134, 0), 255, "33:33:00:00:00:01");
  ip(d, "02:00:00:00:01:09", "2001:db8::1", "2001:db8::2", 58, test::icmpv6(3, 0, 0, 0, test::Bytes(48, 0)), 64);
  const std::pair<const char*, std::string_view> expected[] = {
      {"02:00:00:00:01:01", "sources ICMP time-exceeded"},
      {"02:00:00:00:01:02", "sources ICMP redirects"},
      {"02:00:00:00:01:03", "speaks OSPF"},
      {"02:00:00:00:01:04", "speaks VRRP"},
      {"02:00:00:00:01:05", "speaks HSRP"},
      {"02:00:00:00:01:06", "speaks RIP"},
      {"02:00:00:00:01:07", "speaks BGP"},
      {"02:00:00:00:01:08", "sends IPv6 router advertisements"},
      {"02:00:00:00:01:09", "sources ICMP time-exceeded"},
  };
  for (const auto& [m, reason] : expected) {
    const auto r = row(d, m);
    EXPECT_EQ(r.kind, DeviceKind::Router) << m;
    EXPECT_EQ(r.reason.view(), reason) << m;
  }
  // A scanner probing those ports and protocols is no router.
  const char* scanner = "02:00:00:00:06:66";
  ip(d, scanner, "10.0.6.6", "10.0.1.1", 6, test::tcp(40000, 179, test::kSyn), 64);
  ip(d, scanner, "10.0.6.6", "10.0.1.1", 17, test::udp(40000, 1985), 64);
  ip(d, scanner, "10.0.6.6", "10.0.1.1", 17, test::udp(40000, 520), 64);
  for (const int protocol : {89, 88, 103, 112}) {
    ip(d, scanner, "10.0.6.6", "10.0.1.1", static_cast<std::uint8_t>(protocol), {}, 64);
  }
  ip(d, scanner, "fe80::66", "fe80::1", 58, test::icmpv6(134, 0), 64, "33:33:00:00:00:01");
  EXPECT_EQ(row(d, scanner).kind, DeviceKind::Endpoint);
  // Reassembly time-exceeded (code 1) comes from any host.
  ip(d, kHostMac, "10.0.1.20", "10.0.1.2", 1, test::icmp(11, 1, 0, 0, quoted), 64);
  EXPECT_EQ(row(d, kHostMac).kind, DeviceKind::Endpoint);
}

TEST_F(DeviceTrackerTest, BridgeControlFramesMakeSwitches) {
  DeviceTracker d;
  // STP BPDU: 802.3 length, LLC 42 42 03, then the BPDU; the decoder leaves it Unsupported.
  test::Bytes bpdu{0x42, 0x42, 0x03, 0x00, 0x00, 0x00, 0x00};
  bpdu.resize(38, 0);
  frame(d, bpdu, static_cast<std::uint16_t>(bpdu.size()), "02:00:00:00:02:01", "01:80:c2:00:00:00");
  // LLDP: its own EtherType to the nearest-bridge address.
  frame(d, test::Bytes(40, 0), 0x88CC, "02:00:00:00:02:02", "01:80:c2:00:00:0e");
  // CDP: 802.3 + SNAP with Cisco's OUI to 01:00:0c:cc:cc:cc.
  test::Bytes cdp{0xAA, 0xAA, 0x03, 0x00, 0x00, 0x0C, 0x20, 0x00};
  cdp.resize(60, 0);
  frame(d, cdp, static_cast<std::uint16_t>(cdp.size()), "02:00:00:00:02:03", "01:00:0c:cc:cc:cc");
  EXPECT_EQ(row(d, "02:00:00:00:02:01").kind, DeviceKind::Switch);
  EXPECT_EQ(row(d, "02:00:00:00:02:01").reason.view(), "sends STP BPDUs");
  EXPECT_EQ(row(d, "02:00:00:00:02:02").reason.view(), "sends LLDP");
  EXPECT_EQ(row(d, "02:00:00:00:02:03").kind, DeviceKind::Switch);
  // A layer-3 switch: routing evidence wins.
  ip(d, "02:00:00:00:02:01", "10.0.1.1", "224.0.0.5", 89, test::Bytes(44, 0), 1, "01:00:5e:00:00:05");
  EXPECT_EQ(row(d, "02:00:00:00:02:01").kind, DeviceKind::Router);
}

TEST_F(DeviceTrackerTest, UnknownUntilItSourcesIpAndGroupSourcesAreIgnored) {
  DeviceTracker d;
  frame(d, test::Bytes(46, 0), 0x88B5, "02:00:00:00:03:01");  // local experimental EtherType
  EXPECT_EQ(row(d, "02:00:00:00:03:01").kind, DeviceKind::Unknown);
  frame(d, test::Bytes(46, 0), 0x88B5, "01:00:5e:00:00:01");  // a group address as source: bogus
  frame(d, test::Bytes(46, 0), 0x88B5, "00:00:00:00:00:00");
  EXPECT_EQ(d.size(), 1U);
  // Cooked captures carry no MACs: nothing to track.
  trackers_test::FrameStore frames;
  const auto& sll = frames.decode(test::linux_sll(test::ipv4("10.0.0.1", "10.0.0.2", 17, test::udp(1, 2))), at(0), 113);
  d.record(sll, FlowContext{});
  EXPECT_EQ(d.size(), 1U);
}

TEST_F(DeviceTrackerTest, CapacityBoundsTheTableAndChangesAreReportedOnce) {
  DeviceTrackerConfig config;
  config.capacity = 16;
  DeviceTracker d(config);
  for (int i = 0; i < 100; ++i) {
    char m[32];
    std::snprintf(m, sizeof m, "02:00:00:00:%02x:%02x", i / 256, i % 256);
    ip(d, m, "10.0.0." + std::to_string(i + 1), "10.0.1.1", 17, test::udp(5000, 53), 64);
  }
  EXPECT_EQ(d.size(), 16U);
  EXPECT_EQ(d.evictions(), 84U);
  std::vector<DeviceRow> changed;
  d.take_changed(changed);
  EXPECT_EQ(changed.size(), 16U);
  changed.clear();
  d.take_changed(changed);
  EXPECT_TRUE(changed.empty());
  ip(d, "02:00:00:00:00:63", "10.0.0.100", "10.0.1.1", 17, test::udp(5000, 53), 64);
  d.take_changed(changed);
  ASSERT_EQ(changed.size(), 1U);
  EXPECT_EQ(changed[0].packets, 2U);
  std::vector<DeviceRow> all;
  d.export_rows(all);
  EXPECT_EQ(all.size(), 16U);
}

}  // namespace
}  // namespace pt::engine

// Traceroute history, path summaries, route patterns and changes, devices and ownership.

#include <gtest/gtest.h>

#include <algorithm>

#include "store/database.hpp"
#include "store/repositories/device_repository.hpp"
#include "store/repositories/hop_repository.hpp"
#include "store/repositories/route_repository.hpp"
#include "store/repositories/session_repository.hpp"
#include "store/store_test_support.hpp"

namespace pt::store::repositories {
namespace {

using std::chrono::microseconds;
using testing::at_seconds;
using testing::ip;

TracerouteRecord trace(double started, std::vector<std::vector<std::optional<int>>> rtts_us, bool reached) {
  TracerouteRecord t;
  t.destination = ip("10.0.2.2");
  t.target = "server.test";
  t.started_at = at_seconds(started);
  t.finished_at = at_seconds(started + 1);
  t.reached = reached;
  for (std::size_t i = 0; i < rtts_us.size(); ++i) {
    HopRecord hop;
    hop.ttl = static_cast<std::uint8_t>(i + 1);
    const bool answered = std::any_of(rtts_us[i].begin(), rtts_us[i].end(), [](auto r) { return r.has_value(); });
    if (answered) hop.address = util::IpAddress::v4(0x0A000001U + static_cast<std::uint32_t>(i << 8U));
    for (std::size_t p = 0; p < rtts_us[i].size(); ++p) {
      std::optional<Rtt> rtt;
      if (rtts_us[i][p]) rtt = microseconds(*rtts_us[i][p]);
      hop.samples.push_back(LatencySample{static_cast<std::uint32_t>(p), rtt, at_seconds(started)});
    }
    t.hops.push_back(hop);
  }
  return t;
}

class PathRepositoriesTest : public ::testing::Test {
 protected:
  Connection db_ = open_write_connection(StoreSettings{.path = ":memory:"}, at_seconds(1e9));
  HopRepository hops_{db_};
  RouteRepository routes_{db_};
};

TEST_F(PathRepositoriesTest, HistoryReturnsRunsWithHopsAndSamplesNewestFirst) {
  const auto first = hops_.insert(trace(100, {{1000, 1200, 800}, {std::nullopt, std::nullopt}, {3000, 5000}}, true));
  const auto second = hops_.insert(trace(200, {{900}, {2000}}, false));
  const auto runs = hops_.history(ip("10.0.2.2"));
  ASSERT_EQ(runs.size(), 2U);
  EXPECT_EQ(runs[0].id, second);
  EXPECT_EQ(runs[1].id, first);
  const TracerouteRecord& run = runs[1];
  EXPECT_TRUE(run.reached);
  EXPECT_EQ(run.target, "server.test");
  ASSERT_EQ(run.hops.size(), 3U);
  EXPECT_EQ(run.hops[0].rtt_min, microseconds(800));
  EXPECT_EQ(run.hops[0].rtt_avg, microseconds(1000));
  EXPECT_EQ(run.hops[0].rtt_max, microseconds(1200));
  EXPECT_EQ(run.hops[0].sent, 3U);
  EXPECT_EQ(run.hops[0].received, 3U);
  EXPECT_TRUE(run.hops[1].address.empty());  // "*"
  EXPECT_EQ(run.hops[1].received, 0U);
  EXPECT_FALSE(run.hops[1].rtt_avg.has_value());
  ASSERT_EQ(run.hops[1].samples.size(), 2U);
  EXPECT_FALSE(run.hops[1].samples[0].rtt.has_value());
  EXPECT_EQ(run.hops[2].samples[1].rtt, microseconds(5000));
  EXPECT_EQ(hops_.history(ip("10.0.2.2"), 1).size(), 1U);
  EXPECT_TRUE(hops_.history(ip("10.9.9.9")).empty());
}

TEST_F(PathRepositoriesTest, SummaryFoldsEveryRun) {
  (void)hops_.insert(trace(100, {{1000}, {4000}}, true));
  (void)hops_.insert(trace(200, {{1000}, {std::nullopt}}, false));  // path rtt from hop 1: 1 ms
  (void)hops_.insert(trace(300, {{1000}, {7000}}, true));
  const auto summary = hops_.summary(ip("10.0.2.2"));
  ASSERT_TRUE(summary.has_value());
  EXPECT_EQ(summary->traces, 3U);
  EXPECT_EQ(summary->last_rtt, microseconds(7000));
  EXPECT_EQ(summary->avg_rtt, microseconds(4000));  // (4 + 1 + 7) / 3 ms
  EXPECT_TRUE(summary->reached);
  EXPECT_EQ(summary->last_hop_count, 2U);
  EXPECT_DOUBLE_EQ(util::to_unix_seconds(summary->first_seen), 101);
  EXPECT_DOUBLE_EQ(util::to_unix_seconds(summary->last_seen), 301);
  EXPECT_EQ(hops_.summaries().size(), 1U);
}

TEST_F(PathRepositoriesTest, TracesOutliveTheirSession) {
  SessionRepository sessions(db_);
  const SessionId session = sessions.insert(testing::live_session(100), at_seconds(100));
  TracerouteRecord t = trace(100, {{1000}}, true);
  t.session = session;
  (void)hops_.insert(t);
  EXPECT_EQ(sessions.prune(at_seconds(1e6)), 1);
  const auto runs = hops_.history(ip("10.0.2.2"));
  ASSERT_EQ(runs.size(), 1U);
  EXPECT_FALSE(runs[0].session.has_value());
}

TEST_F(PathRepositoriesTest, RoutePatternsCountRepeatsAndChangesLinkThem) {
  const std::vector<util::IpAddress> before{ip("10.0.1.1"), ip("10.0.12.2"), ip("10.0.2.2")};
  const std::vector<util::IpAddress> after{ip("10.0.1.1"), util::IpAddress{}, ip("10.0.13.2"), ip("10.0.2.2")};
  routes_.record(RoutePattern{
      .destination = ip("10.0.2.2"), .hops = before, .first_seen = at_seconds(10), .last_seen = at_seconds(10)});
  routes_.record(RoutePattern{
      .destination = ip("10.0.2.2"), .hops = before, .first_seen = at_seconds(20), .last_seen = at_seconds(20)});
  routes_.record(RoutePattern{
      .destination = ip("10.0.2.2"), .hops = after, .first_seen = at_seconds(30), .last_seen = at_seconds(30)});
  routes_.record(RouteChange{.destination = ip("10.0.2.2"),
                             .changed_at = at_seconds(30),
                             .old_hops = before,
                             .new_hops = after,
                             .kind = "changed-hop",
                             .description = "hop 2 10.0.12.2 -> 10.0.13.2"});

  const auto latest = routes_.latest_pattern(ip("10.0.2.2"));
  ASSERT_TRUE(latest.has_value());
  EXPECT_EQ(latest->hops, after);
  EXPECT_EQ(latest->times_seen, 1U);
  const auto all = routes_.patterns(ip("10.0.2.2"));
  ASSERT_EQ(all.size(), 2U);
  EXPECT_EQ(all[1].times_seen, 2U);
  EXPECT_DOUBLE_EQ(util::to_unix_seconds(all[1].first_seen), 10);
  EXPECT_DOUBLE_EQ(util::to_unix_seconds(all[1].last_seen), 20);
  const auto changes = routes_.changes(ip("10.0.2.2"));
  ASSERT_EQ(changes.size(), 1U);
  EXPECT_EQ(changes[0].old_hops, before);
  EXPECT_EQ(changes[0].new_hops, after);
  EXPECT_EQ(changes[0].description, "hop 2 10.0.12.2 -> 10.0.13.2");
  EXPECT_EQ(routes_.changes().size(), 1U);
  EXPECT_TRUE(routes_.changes(ip("10.0.9.9")).empty());
}

TEST_F(PathRepositoriesTest, ChangeToAnUnseenPatternRecordsIt) {
  routes_.record(RouteChange{.destination = ip("10.0.2.2"),
                             .changed_at = at_seconds(5),
                             .old_hops = {ip("10.0.1.1")},
                             .new_hops = {ip("10.0.1.9")},
                             .kind = "changed-hop"});
  EXPECT_EQ(routes_.patterns(ip("10.0.2.2")).size(), 2U);
  EXPECT_EQ(routes_.changes()[0].new_hops, std::vector<util::IpAddress>{ip("10.0.1.9")});
}

TEST_F(PathRepositoriesTest, DevicesAndOwnership) {
  DeviceRepository devices(db_);
  const MacAddress router{0x00, 0x11, 0x22, 0x33, 0x44, 0x55};
  devices.upsert(DeviceRecord{.mac = router,
                              .address = ip("10.0.0.1"),
                              .kind = "endpoint",
                              .packets = 5,
                              .first_seen = at_seconds(10),
                              .last_seen = at_seconds(20)});
  devices.upsert(DeviceRecord{.mac = router,
                              .kind = "router",
                              .reason = "42 hosts behind one MAC",
                              .addresses_behind = 42,
                              .packets = 500,
                              .first_seen = at_seconds(15),
                              .last_seen = at_seconds(30)});
  devices.upsert(DeviceRecord{
      .mac = {2, 0, 0, 0, 0, 9}, .kind = "endpoint", .first_seen = at_seconds(1), .last_seen = at_seconds(2)});
  const auto list = devices.list();
  ASSERT_EQ(list.size(), 2U);
  EXPECT_EQ(list[0].mac, router);
  EXPECT_EQ(list[0].kind, "router");
  EXPECT_EQ(list[0].address, ip("10.0.0.1"));  // kept from the earlier row
  EXPECT_EQ(list[0].addresses_behind, 42U);
  EXPECT_DOUBLE_EQ(util::to_unix_seconds(list[0].first_seen), 10);
  EXPECT_DOUBLE_EQ(util::to_unix_seconds(list[0].last_seen), 30);

  devices.put(NodeOwnership{.ip = ip("8.8.8.8"),
                            .asn = 15169,
                            .as_name = "GOOGLE",
                            .org = "Google LLC",
                            .network = "8.8.8.0/24",
                            .country = "US",
                            .source = "whois",
                            .updated_at = at_seconds(1)});
  const auto owner = devices.ownership(ip("8.8.8.8"));
  ASSERT_TRUE(owner.has_value());
  EXPECT_EQ(owner->org, "Google LLC");
  EXPECT_EQ(owner->network, "8.8.8.0/24");
  EXPECT_FALSE(devices.ownership(ip("1.1.1.1")).has_value());
}

}  // namespace
}  // namespace pt::store::repositories

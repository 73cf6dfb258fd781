#include "store/writer.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "store/database.hpp"
#include "store/repositories/flow_repository.hpp"
#include "store/repositories/hop_repository.hpp"
#include "store/repositories/session_repository.hpp"
#include "store/store_test_support.hpp"

namespace pt::store {
namespace {

using namespace std::chrono_literals;
using testing::at_seconds;

constexpr auto kNever = std::chrono::hours(1);

// Polls (never a fixed sleep) until predicate holds or ten seconds pass.
template <typename Predicate>
bool eventually(Predicate predicate) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (predicate()) return true;
    std::this_thread::sleep_for(2ms);
  }
  return predicate();
}

class WriterTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
  StoreSettings settings_{.path = dir_ / "data.db"};

  std::unique_ptr<Writer> writer(WriterSettings ws, int max_page_count = 0) {
    Connection c = open_write_connection(settings_, at_seconds(1e9));
    if (max_page_count > 0) c.exec("PRAGMA max_page_count=" + std::to_string(max_page_count));
    return std::make_unique<Writer>(std::move(c), ws);
  }
  Connection reader() { return Connection::open(settings_.path, OpenMode::ReadOnly, 1000ms); }
  std::int64_t count(const std::string& table) { return reader().query_int("SELECT COUNT(*) FROM " + table); }
};

TEST_F(WriterTest, CoalescesUpdatesOfTheSameFlow) {
  auto w = writer({.batch_size = 1000, .flush_interval = kNever});
  const SessionId s = w->start_session(testing::live_session(), at_seconds(1'700'000'000));
  for (std::uint64_t bytes = 1; bytes <= 10; ++bytes) EXPECT_TRUE(w->submit(testing::flow(s, 1, bytes * 100)));
  EXPECT_TRUE(w->submit(testing::flow(s, 2)));
  ASSERT_TRUE(w->flush());
  const WriterStats stats = w->stats();
  EXPECT_EQ(stats.queued, 11U);
  EXPECT_EQ(stats.coalesced, 9U);
  EXPECT_EQ(stats.written, 2U);
  EXPECT_EQ(stats.flushes, 1U);
  EXPECT_EQ(stats.dropped, 0U);
  EXPECT_EQ(stats.pending, 0U);
  Connection r = reader();
  EXPECT_EQ(repositories::FlowRepository(r).get(s, 1)->bytes_sent, 1000U);
}

TEST_F(WriterTest, FlushesOnceTheBatchSizeIsReached) {
  auto w = writer({.batch_size = 100, .flush_interval = kNever});
  const SessionId s = w->start_session(testing::live_session(), at_seconds(1'700'000'000));
  std::vector<FlowRecord> flows;
  for (std::uint64_t id = 0; id < 100; ++id) flows.push_back(testing::flow(s, id));
  EXPECT_EQ(w->submit(std::move(flows)), 100U);
  EXPECT_TRUE(eventually([&] { return w->stats().written == 100; }));
  EXPECT_EQ(w->stats().flushes, 1U);
}

TEST_F(WriterTest, FlushesWhenTheOldestRecordHasWaitedTheInterval) {
  auto w = writer({.batch_size = 1'000'000, .flush_interval = 50ms});
  const SessionId s = w->start_session(testing::live_session(), at_seconds(1'700'000'000));
  const auto submitted = std::chrono::steady_clock::now();
  EXPECT_TRUE(w->submit(testing::flow(s, 1)));
  EXPECT_TRUE(eventually([&] { return w->stats().written == 1; }));
  EXPECT_GE(std::chrono::steady_clock::now() - submitted, 50ms);
}

TEST_F(WriterTest, DropsAndCountsNewRecordsWhenTheQueueIsFullButStillCoalesces) {
  auto w = writer({.batch_size = 1'000'000, .flush_interval = kNever, .max_pending = 10});
  const SessionId s = w->start_session(testing::live_session(), at_seconds(1'700'000'000));
  std::size_t taken = 0;
  for (std::uint64_t id = 0; id < 15; ++id) taken += w->submit(testing::flow(s, id)) ? 1U : 0U;
  EXPECT_EQ(taken, 10U);
  EXPECT_TRUE(w->submit(testing::flow(s, 3, 777)));  // an update of a waiting flow is never dropped
  WriterStats stats = w->stats();
  EXPECT_EQ(stats.dropped, 5U);
  EXPECT_EQ(stats.pending, 10U);
  EXPECT_EQ(stats.coalesced, 1U);
  ASSERT_TRUE(w->flush());
  EXPECT_EQ(count("flows"), 10);
}

TEST_F(WriterTest, StopCommitsEverythingWaiting) {
  SessionId s;
  {
    auto w = writer({.batch_size = 1'000'000, .flush_interval = kNever});
    s = w->start_session(testing::live_session(), at_seconds(1'700'000'000));
    for (std::uint64_t id = 0; id < 50; ++id) w->submit(testing::flow(s, id));
    w->end_session(SessionTotals{s, at_seconds(1'700'000'100), 5, 6, 50, 0});
    w->stop();
    EXPECT_FALSE(w->submit(testing::flow(s, 99)));  // after stop: dropped, counted
    EXPECT_EQ(w->stats().dropped, 1U);
  }
  EXPECT_EQ(count("flows"), 50);
  Connection r = reader();
  const auto session = repositories::SessionRepository(r).get(s);
  ASSERT_TRUE(session->ended_at.has_value());
  EXPECT_EQ(session->flows, 50U);
}

TEST_F(WriterTest, ARefusedRowIsCountedAndTheBatchGoesOn) {
  auto w = writer({.batch_size = 1000, .flush_interval = kNever});
  const SessionId s = w->start_session(testing::live_session(), at_seconds(1'700'000'000));
  w->submit(testing::flow(SessionId{4242}, 1));  // no such session: foreign key
  w->submit(testing::flow(s, 2));
  ASSERT_TRUE(w->flush());
  const WriterStats stats = w->stats();
  EXPECT_EQ(stats.rejected, 1U);
  EXPECT_EQ(stats.written, 1U);
  EXPECT_FALSE(stats.failed);
  EXPECT_EQ(count("flows"), 1);
}

TEST_F(WriterTest, DegradesOnAFullDiskWithoutCrashingAndSaysWhy) {
  auto w = writer({.batch_size = 50, .flush_interval = 10ms}, 64);  // 64 pages of 4 KiB: a tiny "disk"
  const SessionId s = w->start_session(testing::live_session(), at_seconds(1'700'000'000));
  std::uint64_t id = 0;
  ASSERT_TRUE(eventually([&] {
    for (int i = 0; i < 200; ++i) {
      FlowRecord f = testing::flow(s, id++);
      f.server_name = std::string(60, 'x');
      w->submit(std::move(f));
    }
    return w->degraded();
  }));
  const WriterStats stats = w->stats();
  EXPECT_TRUE(stats.failed);
  EXPECT_EQ(stats.failure_kind, StoreErrorKind::DiskFull);
  EXPECT_NE(stats.failure.find("full"), std::string::npos) << stats.failure;
  EXPECT_GT(stats.dropped, 0U);
  EXPECT_FALSE(w->submit(testing::flow(s, id)));
  EXPECT_EQ(w->stats().dropped, stats.dropped + 1);
  EXPECT_FALSE(w->flush(1s));
  EXPECT_THROW((void)w->start_session(testing::live_session(), at_seconds(1'700'000'000)), StoreError);
  w->stop();
  // What was committed before the failure is intact.
  Connection r = reader();
  EXPECT_EQ(r.query_text("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(r.query_int("SELECT COUNT(*) FROM flows"), static_cast<std::int64_t>(stats.written));
}

TEST_F(WriterTest, StartSessionPrunesOldSessionsAndExpiredCaches) {
  auto w = writer({.batch_size = 1000, .flush_interval = kNever, .session_retention = std::chrono::days(30)});
  const double day = 86400;
  const SessionId old_session = w->start_session(testing::live_session(0), at_seconds(0));
  w->submit(testing::flow(old_session, 1));
  w->submit(GeoRecord{.ip = testing::ip("8.8.8.8"), .country = "US", .updated_at = at_seconds(0)});
  w->submit(DnsRecord{.ip = testing::ip("8.8.8.8"), .fqdn = "dns.google", .updated_at = at_seconds(0)});
  ASSERT_TRUE(w->flush());
  const SessionId recent = w->start_session(testing::live_session(29 * day), at_seconds(29 * day));
  ASSERT_TRUE(w->flush());          // start_session answers before its commit
  EXPECT_EQ(count("sessions"), 2);  // 29 days: kept
  const SessionId current = w->start_session(testing::live_session(31 * day), at_seconds(31 * day));
  EXPECT_GT(current, recent);
  ASSERT_TRUE(w->flush());
  Connection r = reader();
  repositories::SessionRepository sessions(r);
  EXPECT_FALSE(sessions.get(old_session).has_value());
  EXPECT_TRUE(sessions.get(recent).has_value());
  EXPECT_EQ(r.query_int("SELECT COUNT(*) FROM flows"), 0);
  EXPECT_EQ(r.query_int("SELECT COUNT(*) FROM geo_cache"), 0);
  EXPECT_EQ(r.query_int("SELECT COUNT(*) FROM dns_cache"), 0);
}

TEST_F(WriterTest, EventsAreWrittenInOrderAfterTheRowsOfTheirBatch) {
  auto w = writer({.batch_size = 1000, .flush_interval = kNever});
  const SessionId s = w->start_session(testing::live_session(), at_seconds(1'700'000'000));
  w->submit(testing::flow(s, 1));
  w->submit(AddressAnnotation{s, testing::ip("93.184.216.34"), GeoInfo{"United States", "US", "", 15133, ""},
                              HostNames{"www.example.com", "www", "example.com"}});
  TracerouteRecord trace{.destination = testing::ip("93.184.216.34"), .started_at = at_seconds(1)};
  trace.hops.push_back(HopRecord{.ttl = 1, .address = testing::ip("10.0.0.1"), .rtt_avg = Rtt(500)});
  w->submit(trace);
  w->submit(RoutePattern{.destination = testing::ip("93.184.216.34"), .hops = {testing::ip("10.0.0.1")}});
  w->submit(NodeOwnership{.ip = testing::ip("93.184.216.34"), .asn = 15133, .updated_at = at_seconds(1)});
  w->submit(NsLookup{"example.com", {"a.iana-servers.net"}, "ok", at_seconds(1)});
  w->submit(PortRecord{.session = s, .port = util::Port{443}});
  w->submit(ScanRecord{.session = s, .source = testing::ip("10.0.0.66"), .verdict = "none"});
  w->submit(DeviceRecord{.mac = {2, 0, 0, 0, 0, 1}, .kind = "endpoint", .session = s});
  w->submit(ClassificationRecord{.session = s, .flow_id = 1, .method = "dpi"});
  w->update_session(SessionTotals{s, at_seconds(1'700'000'001), 1, 2, 3, 4});
  ASSERT_TRUE(w->flush());
  EXPECT_EQ(w->stats().written, 11U);
  Connection r = reader();
  EXPECT_EQ(repositories::FlowRepository(r).get(s, 1)->dst_names.fqdn, "www.example.com");
  EXPECT_EQ(repositories::HopRepository(r).history(testing::ip("93.184.216.34"))[0].hops[0].rtt_avg, Rtt(500));
  for (const char* table : {"route_patterns", "node_ownership", "ns_lookup", "port_stats", "scan_activity", "devices",
                            "classifications", "path_summary"}) {
    EXPECT_EQ(r.query_int(std::string("SELECT COUNT(*) FROM ") + table), 1) << table;
  }
  EXPECT_EQ(repositories::SessionRepository(r).get(s)->dropped, 4U);
}

TEST_F(WriterTest, ReportsLagLatencyAndCpuTime) {
  auto w = writer({.batch_size = 1'000'000, .flush_interval = kNever});
  const SessionId s = w->start_session(testing::live_session(), at_seconds(1'700'000'000));
  w->submit(testing::flow(s, 1));
  EXPECT_TRUE(eventually([&] { return w->stats().lag >= 5ms; }));  // waiting, not yet written
  ASSERT_TRUE(w->flush());
  const WriterStats stats = w->stats();
  EXPECT_EQ(stats.lag, 0ms);
  EXPECT_GT(stats.last_flush_latency.count(), 0);
  EXPECT_GT(stats.cpu_time.count(), 0);
}

TEST_F(WriterTest, ManyProducersAtOnce) {
  auto w = writer({});
  const SessionId s = w->start_session(testing::live_session(), at_seconds(1'700'000'000));
  std::vector<std::thread> producers;
  for (std::uint64_t t = 0; t < 4; ++t) {
    producers.emplace_back([&, t] {
      for (std::uint64_t i = 0; i < 500; ++i) w->submit(testing::flow(s, t * 1000 + i % 250, i));
    });
  }
  for (auto& p : producers) p.join();
  ASSERT_TRUE(w->flush());
  const WriterStats stats = w->stats();
  EXPECT_EQ(stats.queued, 2000U);
  EXPECT_EQ(stats.written + stats.coalesced, 2000U);
  EXPECT_EQ(count("flows"), 1000);
}

}  // namespace
}  // namespace pt::store

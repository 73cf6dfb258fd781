#include "store/repositories/port_repository.hpp"

#include <gtest/gtest.h>

#include "store/database.hpp"
#include "store/repositories/session_repository.hpp"
#include "store/store_test_support.hpp"

namespace pt::store::repositories {
namespace {

using testing::at_seconds;

class PortRepositoryTest : public ::testing::Test {
 protected:
  Connection db_ = open_write_connection(StoreSettings{.path = ":memory:"}, at_seconds(1e9));
  SessionId session_ = SessionRepository(db_).insert(testing::live_session(), at_seconds(1.7e9));
  PortRepository ports_{db_};

  void add(std::uint16_t port, std::uint64_t packets, std::uint64_t bytes, std::uint64_t connections, double rate) {
    ports_.upsert(PortRecord{.session = session_,
                             .port = util::Port{port},
                             .protocol = 6,
                             .packets = packets,
                             .bytes = bytes,
                             .connections = connections,
                             .hits = 2,
                             .unique_destinations = 1,
                             .rate = rate,
                             .service = "svc",
                             .range = "well-known",
                             .first_seen = at_seconds(1),
                             .last_seen = at_seconds(2)});
  }
};

TEST_F(PortRepositoryTest, SortsByEachMode) {
  add(22, 10, 5000, 1, 0.5);
  add(80, 30, 1000, 7, 0.1);
  add(443, 20, 9000, 3, 2.0);
  auto ports = [&](PortSort sort) {
    std::vector<std::uint16_t> out;
    for (const auto& p : ports_.list(session_, sort)) out.push_back(p.port.value);
    return out;
  };
  EXPECT_EQ(ports(PortSort::Bytes), (std::vector<std::uint16_t>{443, 22, 80}));
  EXPECT_EQ(ports(PortSort::Packets), (std::vector<std::uint16_t>{80, 443, 22}));
  EXPECT_EQ(ports(PortSort::Connections), (std::vector<std::uint16_t>{80, 443, 22}));
  EXPECT_EQ(ports(PortSort::Rate), (std::vector<std::uint16_t>{443, 22, 80}));
  EXPECT_EQ(ports_.list(session_, PortSort::Bytes, 1).size(), 1U);
}

TEST_F(PortRepositoryTest, UpsertKeepsOneRowPerPortAndProtocol) {
  add(53, 1, 100, 1, 0);
  add(53, 5, 500, 2, 1);
  ports_.upsert(PortRecord{.session = session_, .port = util::Port{53}, .protocol = 17, .packets = 9});
  const auto rows = ports_.list(session_, PortSort::Packets);
  ASSERT_EQ(rows.size(), 2U);
  EXPECT_EQ(rows[0].protocol, 17);
  EXPECT_EQ(rows[1].packets, 5U);
  EXPECT_EQ(rows[1].service, "svc");
  EXPECT_EQ(rows[1].range, "well-known");
  EXPECT_DOUBLE_EQ(util::to_unix_seconds(rows[1].first_seen), 1);
}

TEST_F(PortRepositoryTest, ScansListLikelyScannersFirst) {
  ports_.upsert(
      ScanRecord{.session = session_, .source = testing::ip("10.0.0.5"), .distinct_ports = 6, .verdict = "suspicious"});
  ports_.upsert(ScanRecord{
      .session = session_, .source = testing::ip("10.0.0.6"), .distinct_ports = 3, .verdict = "likely_scanner"});
  ports_.upsert(ScanRecord{.session = session_,
                           .source = testing::ip("10.0.0.6"),
                           .distinct_ports = 200,
                           .distinct_hosts = 1,
                           .rate = 40.5,
                           .probes = 210,
                           .kinds = "syn",
                           .verdict = "likely_scanner",
                           .top_target = testing::ip("10.0.0.1")});
  const auto scans = ports_.scans(session_);
  ASSERT_EQ(scans.size(), 2U);
  EXPECT_EQ(scans[0].source, testing::ip("10.0.0.6"));
  EXPECT_EQ(scans[0].distinct_ports, 200U);
  EXPECT_EQ(scans[0].kinds, "syn");
  EXPECT_DOUBLE_EQ(scans[0].rate, 40.5);
  EXPECT_EQ(scans[0].top_target, testing::ip("10.0.0.1"));
  EXPECT_EQ(scans[1].verdict, "suspicious");
}

}  // namespace
}  // namespace pt::store::repositories

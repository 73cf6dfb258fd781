#include "store/repositories/flow_repository.hpp"

#include <gtest/gtest.h>

#include <set>

#include "store/database.hpp"
#include "store/repositories/flow_columns.hpp"
#include "store/repositories/session_repository.hpp"
#include "store/store_test_support.hpp"

namespace pt::store::repositories {
namespace {

using testing::at_seconds;
using testing::ip;

class FlowRepositoryTest : public ::testing::Test {
 protected:
  Connection db_ = open_write_connection(StoreSettings{.path = ":memory:"}, at_seconds(1e9));
  SessionId session_ = SessionRepository(db_).insert(testing::live_session(), at_seconds(1.7e9));
  FlowRepository flows_{db_};
};

TEST_F(FlowRepositoryTest, RoundTripsEveryColumn) {
  FlowRecord f = testing::flow(session_, 42);
  f.src_mac = {0x02, 0, 0, 0, 0, 1};
  f.ttl_sent_min = 63;
  f.ttl_sent_max = 64;
  f.payload_sent = 700;
  f.payload_recv = 300;
  f.fragments = 2;
  f.detection = "dpi";
  f.traits = 5;
  f.end_reason = "closed";
  f.closed = true;
  f.dst_geo = GeoInfo{"United States", "US", "Norwell", 15133, "EDGECAST"};
  f.dst_names = HostNames{"www.example.com", "www", "example.com"};
  flows_.upsert(f);
  const auto read = flows_.get(session_, 42);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->flow_key, f.flow_key);
  EXPECT_EQ(read->src, f.src);
  EXPECT_EQ(read->dst, ip("93.184.216.34"));
  EXPECT_EQ(read->dst_port.value, 443);
  EXPECT_EQ(read->src_mac, f.src_mac);
  EXPECT_EQ(read->dst_mac, MacAddress{});
  EXPECT_EQ(read->bytes(), f.bytes());
  EXPECT_EQ(read->packets(), f.packets());
  EXPECT_EQ(read->state, "S1");
  EXPECT_EQ(read->history, "ShAD");
  EXPECT_TRUE(read->closed);
  EXPECT_EQ(read->end_reason, "closed");
  EXPECT_EQ(read->ttl_sent_min, 63);
  EXPECT_EQ(read->ttl_sent_max, 64);
  EXPECT_EQ(read->ttl_recv_min, 0);  // the responder sent nothing: NULL, not 255
  EXPECT_EQ(read->ttl_recv_max, 0);
  EXPECT_EQ(read->payload_sent, 700U);
  EXPECT_EQ(read->payload_recv, 300U);
  EXPECT_EQ(read->fragments, 2U);
  EXPECT_EQ(read->detection, "dpi");
  EXPECT_EQ(read->traits, 5);
  EXPECT_EQ(read->dst_geo.country_code, "US");
  EXPECT_EQ(db_.query_int("SELECT COUNT(*) FROM flows WHERE ttl_recv_min IS NULL AND ttl_recv_max IS NULL"), 1);
  EXPECT_EQ(read->app, "TLS");
  EXPECT_TRUE(read->encrypted);
  EXPECT_EQ(read->server_name, "example.com");
  EXPECT_EQ(read->dst_geo.country, "United States");
  EXPECT_EQ(read->dst_geo.asn, 15133U);
  EXPECT_EQ(read->dst_names.fqdn, "www.example.com");
  EXPECT_EQ(read->dst_names.domain, "example.com");
  EXPECT_TRUE(read->src_geo.empty());
  EXPECT_TRUE(read->src_names.empty());
  EXPECT_DOUBLE_EQ(util::to_unix_seconds(read->last_seen), 1'700'000'010.0);
}

TEST_F(FlowRepositoryTest, TheColumnTableCoversTheSchema) {
  std::set<std::string> table;
  Statement info = db_.prepare("SELECT name FROM pragma_table_info('flows') WHERE name != 'id'");
  while (info.step()) table.insert(info.text(0));
  std::set<std::string> mapped;
  for (const FlowColumn& column : flow_columns()) mapped.insert(std::string(column.name));
  EXPECT_EQ(table, mapped);
  EXPECT_EQ(mapped.size(), flow_columns().size());
}

TEST_F(FlowRepositoryTest, UpdatesReplaceCountersButNeverEraseNames) {
  FlowRecord f = testing::flow(session_, 1, 1000);
  f.dst_geo.country = "Germany";
  f.dst_names.fqdn = "a.example.de";
  flows_.upsert(f);
  FlowRecord later = testing::flow(session_, 1, 5000);
  later.app.clear();  // a row without classification text
  later.state = "SF";
  later.end_reason = "expired";
  flows_.upsert(later);
  const auto read = flows_.get(session_, 1);
  ASSERT_TRUE(read.has_value());
  EXPECT_EQ(read->bytes_sent, 5000U);
  EXPECT_EQ(read->state, "SF");
  EXPECT_EQ(read->end_reason, "expired");
  EXPECT_EQ(read->app, "TLS");
  EXPECT_EQ(read->dst_geo.country, "Germany");
  EXPECT_EQ(read->dst_names.fqdn, "a.example.de");
  EXPECT_EQ(flows_.count(session_), 1U);
}

TEST_F(FlowRepositoryTest, RepeatedUpdatesTakeTheShortPathAndStillFillNames) {
  flows_.upsert(testing::flow(session_, 1, 100));
  flows_.upsert(testing::flow(session_, 1, 200));  // counters only
  EXPECT_EQ(flows_.get(session_, 1)->bytes_sent, 200U);
  FlowRecord named = testing::flow(session_, 1, 300);
  named.src_names.fqdn = "laptop.lan";
  flows_.upsert(named);  // names go through the full statement
  FlowRecord plain = testing::flow(session_, 1, 400);
  plain.app.clear();
  flows_.upsert(plain);
  const auto read = flows_.get(session_, 1);
  EXPECT_EQ(read->bytes_sent, 400U);
  EXPECT_EQ(read->src_names.fqdn, "laptop.lan");
  EXPECT_EQ(read->app, "TLS");
  EXPECT_EQ(flows_.count(session_), 1U);
}

TEST_F(FlowRepositoryTest, ClassificationAndEndChangesReachAKnownFlow) {
  flows_.upsert(testing::flow(session_, 1, 100));
  FlowRecord later = testing::flow(session_, 1, 100);  // same counters
  later.app = "TLS.YouTube";
  later.detection = "dpi";
  later.ttl_recv_min = 50;
  later.ttl_recv_max = 52;
  flows_.upsert(later);
  EXPECT_EQ(flows_.get(session_, 1)->app, "TLS.YouTube");
  EXPECT_EQ(flows_.get(session_, 1)->ttl_recv_max, 52);
  FlowRecord counters_only = later;
  counters_only.bytes_sent = 900;
  flows_.upsert(counters_only);
  FlowRecord ended = counters_only;
  ended.end_reason = "evicted";
  flows_.upsert(ended);
  const auto read = flows_.get(session_, 1);
  EXPECT_EQ(read->bytes_sent, 900U);
  EXPECT_EQ(read->end_reason, "evicted");
  EXPECT_EQ(read->detection, "dpi");
}

TEST_F(FlowRepositoryTest, AStaleRememberedRowFallsBackToTheFullUpsert) {
  flows_.upsert(testing::flow(session_, 1, 100));
  flows_.upsert(testing::flow(session_, 2, 100));
  // Rows vanish behind the repository's back (a rolled-back batch, a pruned session) ...
  db_.exec("DELETE FROM flows");
  // ... and a new row takes the rowid flow 1 had.
  flows_.upsert(testing::flow(session_, 3, 100));
  flows_.upsert(testing::flow(session_, 1, 500));
  flows_.upsert(testing::flow(session_, 2, 600));
  EXPECT_EQ(flows_.get(session_, 1)->bytes_sent, 500U);
  EXPECT_EQ(flows_.get(session_, 2)->bytes_sent, 600U);
  EXPECT_EQ(flows_.get(session_, 3)->bytes_sent, 100U);
  EXPECT_EQ(flows_.count(session_), 3U);
}

TEST_F(FlowRepositoryTest, FiltersSortsAndLimits) {
  FlowRecord udp = testing::flow(session_, 1, 300);
  udp.protocol = 17;
  udp.dst = ip("8.8.8.8");
  udp.dst_port = util::Port{53};
  udp.last_seen = at_seconds(1'700'000'100.0);
  udp.packets_sent = 900;  // the most packets, the fewest bytes
  flows_.upsert(udp);
  flows_.upsert(testing::flow(session_, 2, 5000));
  flows_.upsert(testing::flow(session_, 3, 2000));
  const SessionId other = SessionRepository(db_).insert(testing::live_session(), at_seconds(1.7e9));
  flows_.upsert(testing::flow(other, 4, 9999));

  auto ids = [](const std::vector<FlowRecord>& rows) {
    std::vector<std::uint64_t> out;
    for (const auto& r : rows) out.push_back(r.flow_id);
    return out;
  };
  EXPECT_EQ(ids(flows_.list(session_)), (std::vector<std::uint64_t>{2, 3, 1}));
  EXPECT_EQ(ids(flows_.list(session_, {.sort = FlowSort::Packets})), (std::vector<std::uint64_t>{1, 2, 3}));
  EXPECT_EQ(ids(flows_.list(session_, {.sort = FlowSort::Time}))[0], 1U);
  EXPECT_EQ(ids(flows_.list(session_, {.limit = 2})), (std::vector<std::uint64_t>{2, 3}));
  EXPECT_EQ(ids(flows_.list(session_, {.ip_contains = "8.8."})), (std::vector<std::uint64_t>{1}));
  EXPECT_EQ(ids(flows_.list(session_, {.port = util::Port{53}})), (std::vector<std::uint64_t>{1}));
  EXPECT_EQ(ids(flows_.list(session_, {.protocol = 6})), (std::vector<std::uint64_t>{2, 3}));
  EXPECT_TRUE(flows_.list(session_, {.ip_contains = "%"}).empty());  // LIKE wildcards are literal
  EXPECT_EQ(ids(flows_.list(other)), (std::vector<std::uint64_t>{4}));
}

TEST_F(FlowRepositoryTest, AnnotationFillsBothSidesOfTheSessionsFlows) {
  FlowRecord out = testing::flow(session_, 1);
  FlowRecord back = testing::flow(session_, 2);
  std::swap(back.src, back.dst);
  flows_.upsert(out);
  flows_.upsert(back);
  flows_.annotate(AddressAnnotation{session_, ip("93.184.216.34"),
                                    GeoInfo{"United States", "US", "", 15133, "EDGECAST"},
                                    HostNames{"www.example.com", "www", "example.com"}});
  const auto a = flows_.get(session_, 1);
  const auto b = flows_.get(session_, 2);
  EXPECT_EQ(a->dst_names.fqdn, "www.example.com");
  EXPECT_EQ(a->dst_geo.asn, 15133U);
  EXPECT_TRUE(a->src_names.empty());
  EXPECT_EQ(b->src_names.fqdn, "www.example.com");
  EXPECT_EQ(b->src_geo.country, "United States");
  EXPECT_EQ(b->src_geo.country_code, "US");
  // A later annotation with only names keeps the geo.
  flows_.annotate(
      AddressAnnotation{session_, ip("93.184.216.34"), std::nullopt, HostNames{"edge.example.net", "", ""}});
  EXPECT_EQ(flows_.get(session_, 1)->dst_geo.country, "United States");
  EXPECT_EQ(flows_.get(session_, 1)->dst_names.fqdn, "edge.example.net");
  EXPECT_EQ(flows_.get(session_, 1)->dst_names.domain, "example.com");
}

TEST_F(FlowRepositoryTest, ClassificationsUpsertPerFlow) {
  ClassificationRecord c{.session = session_,
                         .flow_id = 9,
                         .app_protocol_id = 91,
                         .master_protocol_id = 0,
                         .category_id = 5,
                         .app = "TLS",
                         .category = "Web",
                         .method = "pending",
                         .updated_at = at_seconds(10)};
  flows_.upsert(c);
  c.app_protocol_id = 124;
  c.master_protocol_id = 91;
  c.app = "YouTube";
  c.master = "TLS";
  c.method = "dpi";
  c.traits = 3;
  c.patterns = "encrypted,streaming";
  c.encrypted = true;
  c.updated_at = at_seconds(20);
  flows_.upsert(c);
  const auto rows = flows_.classifications(session_);
  ASSERT_EQ(rows.size(), 1U);
  EXPECT_EQ(rows[0].app, "YouTube");
  EXPECT_EQ(rows[0].master, "TLS");
  EXPECT_EQ(rows[0].method, "dpi");
  EXPECT_EQ(rows[0].patterns, "encrypted,streaming");
  EXPECT_TRUE(rows[0].encrypted);
  EXPECT_EQ(rows[0].app_protocol_id, 124);
}

TEST_F(FlowRepositoryTest, AFlowOfAnUnknownSessionIsRefused) {
  try {
    flows_.upsert(testing::flow(SessionId{12345}, 1));
    FAIL() << "expected a foreign key failure";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::Constraint);
  }
}

}  // namespace
}  // namespace pt::store::repositories

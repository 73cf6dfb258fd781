#include "store/repositories/session_repository.hpp"

#include <gtest/gtest.h>

#include "store/database.hpp"
#include "store/repositories/flow_repository.hpp"
#include "store/repositories/port_repository.hpp"
#include "store/store_test_support.hpp"

namespace pt::store::repositories {
namespace {

using testing::at_seconds;

class SessionRepositoryTest : public ::testing::Test {
 protected:
  Connection db_ = open_write_connection(StoreSettings{.path = ":memory:"}, at_seconds(1e9));
  SessionRepository sessions_{db_};
};

TEST_F(SessionRepositoryTest, StartUpdateEndAndList) {
  const SessionId first = sessions_.insert(testing::live_session(1000), at_seconds(1000));
  SessionRecord file = testing::live_session(2000);
  file.source_kind = SourceKind::File;
  file.source = "/captures/a.pcap";
  file.filter = "";
  const SessionId second = sessions_.insert(file, at_seconds(2000));
  EXPECT_LT(first, second);

  sessions_.update_totals(SessionTotals{first, at_seconds(1010), 10, 1000, 3, 1}, at_seconds(1010));
  sessions_.end(SessionTotals{first, at_seconds(1020), 20, 2000, 4, 2}, at_seconds(1020));

  const auto list = sessions_.list();
  ASSERT_EQ(list.size(), 2U);
  EXPECT_EQ(list[0].id, second);  // newest first
  EXPECT_EQ(list[0].source_kind, SourceKind::File);
  EXPECT_EQ(list[0].source, "/captures/a.pcap");
  EXPECT_FALSE(list[0].ended_at.has_value());
  const SessionRecord& ended = list[1];
  EXPECT_EQ(ended.id, first);
  EXPECT_EQ(ended.source, "eth0");
  EXPECT_EQ(ended.filter, "tcp or udp");
  EXPECT_EQ(ended.packets, 20U);
  EXPECT_EQ(ended.bytes, 2000U);
  EXPECT_EQ(ended.flows, 4U);
  EXPECT_EQ(ended.dropped, 2U);
  ASSERT_TRUE(ended.ended_at.has_value());
  EXPECT_DOUBLE_EQ(util::to_unix_seconds(*ended.ended_at), 1020);
  EXPECT_EQ(sessions_.list(1).size(), 1U);
  EXPECT_EQ(sessions_.get(first)->packets, 20U);
  EXPECT_FALSE(sessions_.get(SessionId{999}).has_value());
}

TEST_F(SessionRepositoryTest, PruneCascadesToTheSessionsRows) {
  const SessionId old_session = sessions_.insert(testing::live_session(1000), at_seconds(1000));
  const SessionId kept = sessions_.insert(testing::live_session(5000), at_seconds(5000));
  FlowRepository flows(db_);
  PortRepository ports(db_);
  for (const SessionId id : {old_session, kept}) {
    flows.upsert(testing::flow(id, 1));
    flows.upsert(ClassificationRecord{.session = id, .flow_id = 1, .method = "dpi"});
    ports.upsert(PortRecord{.session = id, .port = util::Port{443}, .protocol = 6});
    ports.upsert(ScanRecord{.session = id, .source = testing::ip("10.0.0.9"), .verdict = "suspicious"});
  }
  // The old one ended long ago; a session still running is judged by its last update.
  sessions_.end(SessionTotals{old_session, at_seconds(1100), 0, 0, 0, 0}, at_seconds(1100));
  sessions_.update_totals(SessionTotals{kept, at_seconds(9000), 0, 0, 0, 0}, at_seconds(9000));

  EXPECT_EQ(sessions_.prune(at_seconds(8000)), 1);
  EXPECT_FALSE(sessions_.get(old_session).has_value());
  EXPECT_TRUE(sessions_.get(kept).has_value());
  for (const char* table : {"flows", "classifications", "port_stats", "scan_activity"}) {
    EXPECT_EQ(db_.query_int(std::string("SELECT COUNT(*) FROM ") + table +
                            " WHERE session_id = " + std::to_string(old_session.value)),
              0)
        << table;
    EXPECT_EQ(db_.query_int(std::string("SELECT COUNT(*) FROM ") + table), 1) << table;
  }
}

TEST_F(SessionRepositoryTest, RetentionCountsFromTheLastWriteNotFromPacketTimes) {
  // A replay of a capture recorded long ago, written now.
  SessionRecord replay = testing::live_session(1000);
  replay.source_kind = SourceKind::File;
  replay.ended_at = at_seconds(1500);
  const SessionId id = sessions_.insert(replay, at_seconds(9000));
  EXPECT_EQ(sessions_.prune(at_seconds(8000)), 0);
  EXPECT_DOUBLE_EQ(util::to_unix_seconds(sessions_.get(id)->updated_at), 9000);
  EXPECT_DOUBLE_EQ(util::to_unix_seconds(sessions_.get(id)->started_at), 1000);
  EXPECT_EQ(sessions_.prune(at_seconds(9001)), 1);
}

TEST_F(SessionRepositoryTest, IdsAreNeverReusedAfterPruning) {
  const SessionId only = sessions_.insert(testing::live_session(1000), at_seconds(1000));
  EXPECT_EQ(sessions_.prune(at_seconds(5000)), 1);
  const SessionId next = sessions_.insert(testing::live_session(6000), at_seconds(6000));
  EXPECT_GT(next, only);
}

}  // namespace
}  // namespace pt::store::repositories

// Readers while the writer writes: another process (the way `packettracer sessions` or
// `--session ID --report json` run beside a live capture) and threads of the same process
// query history continuously while flows are written and WAL checkpoints happen. No busy
// error may reach either; readers see committed data only and never go backwards.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <thread>

#include "store/database.hpp"
#include "store/repositories/flow_repository.hpp"
#include "store/repositories/port_repository.hpp"
#include "store/repositories/session_repository.hpp"
#include "store/store_test_support.hpp"
#include "util/log.hpp"

namespace pt::store {
namespace {

using namespace std::chrono_literals;

struct ReadReport {
  std::uint64_t queries = 0;
  std::uint64_t errors = 0;
  std::uint64_t went_backwards = 0;
  std::uint64_t max_flows = 0;
  char first_error[200] = {};
};

// Runs history queries for duration; every StoreError is counted, none is retried here.
ReadReport read_history(Database& db, std::chrono::milliseconds duration) {
  ReadReport report;
  const auto end = std::chrono::steady_clock::now() + duration;
  while (std::chrono::steady_clock::now() < end) {
    try {
      auto lease = db.reads().acquire();
      repositories::SessionRepository sessions(*lease);
      for (const SessionRecord& session : sessions.list(10)) {
        repositories::FlowRepository flows(*lease);
        const std::uint64_t count = flows.count(session.id);
        if (count < report.max_flows) ++report.went_backwards;
        report.max_flows = std::max(report.max_flows, count);
        (void)flows.list(session.id, {.ip_contains = "10.0.0.1", .sort = repositories::FlowSort::Bytes, .limit = 50});
        (void)repositories::PortRepository(*lease).list(session.id, repositories::PortSort::Rate, 20);
        report.queries += 4;
      }
    } catch (const StoreError& e) {
      if (report.errors++ == 0) std::strncpy(report.first_error, e.what(), sizeof report.first_error - 1);
    }
  }
  return report;
}

// Writes new flows and updates of old ones, and the session's totals, until stop.
void write_continuously(Writer& writer, SessionId session, const std::atomic<bool>& stop) {
  std::uint64_t next = 0;
  for (std::uint64_t round = 0; !stop.load(); ++round) {
    std::vector<FlowRecord> batch;
    for (int i = 0; i < 1000; ++i) batch.push_back(testing::flow(session, next++, round));
    for (std::uint64_t id = 0; id < next; id += 13) batch.push_back(testing::flow(session, id, round * 10));
    writer.submit(std::move(batch));
    writer.submit(PortRecord{.session = session, .port = util::Port{static_cast<std::uint16_t>(round % 1000)}});
    writer.update_session(SessionTotals{session, util::wall_clock_now(), round, round * 100, next, 0});
    std::this_thread::sleep_for(20ms);
  }
  writer.flush();
}

TEST(StoreConcurrency, AnotherProcessReadsHistoryWhileTheWriterWrites) {
  util::discard_log();
  testing::TempDir dir;
  const auto path = dir / "data.db";
  auto db = Database::open(StoreSettings{.path = path});
  const SessionId session = db->writer().start_session(testing::live_session(), util::wall_clock_now());
  db->writer().submit(testing::flow(session, 1'000'000));
  ASSERT_TRUE(db->writer().flush());

  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    util::discard_log();
    ReadReport report;
    try {
      auto reader_db = Database::open(StoreSettings{.path = path, .read_only = true});
      report = read_history(*reader_db, 3s);
    } catch (const StoreError& e) {
      report.errors = 1;
      std::strncpy(report.first_error, e.what(), sizeof report.first_error - 1);
    }
    const bool sent = write(fds[1], &report, sizeof report) == static_cast<ssize_t>(sizeof report);
    _exit(sent ? 0 : 1);
  }
  close(fds[1]);

  std::atomic<bool> stop{false};
  std::thread writer_thread([&] { write_continuously(db->writer(), session, stop); });
  std::vector<ReadReport> local(2);
  std::vector<std::thread> readers;
  for (ReadReport& r : local) readers.emplace_back([&] { r = read_history(*db, 3s); });
  ReadReport remote;
  const ssize_t got = read(fds[0], &remote, sizeof remote);
  for (auto& r : readers) r.join();
  stop = true;
  writer_thread.join();
  close(fds[0]);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "reader child status " << status;
  ASSERT_EQ(got, static_cast<ssize_t>(sizeof remote));

  EXPECT_EQ(remote.errors, 0U) << remote.first_error;
  EXPECT_EQ(remote.went_backwards, 0U);
  EXPECT_GT(remote.queries, 20U);
  EXPECT_GT(remote.max_flows, 1000U);  // it saw the writer's progress, not a frozen snapshot
  for (const ReadReport& r : local) {
    EXPECT_EQ(r.errors, 0U) << r.first_error;
    EXPECT_EQ(r.went_backwards, 0U);
    EXPECT_GT(r.queries, 20U);
  }
  const WriterStats stats = db->writer().stats();
  EXPECT_FALSE(stats.failed) << stats.failure;
  EXPECT_EQ(stats.dropped, 0U);
}

TEST(StoreConcurrency, TwoWritingProcessesShareOneFileWithoutBusyErrors) {
  util::discard_log();
  testing::TempDir dir;
  const auto path = dir / "data.db";
  { (void)Database::open(StoreSettings{.path = path}); }
  std::vector<pid_t> children;
  for (int c = 0; c < 2; ++c) {
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      util::discard_log();
      try {
        auto db = Database::open(StoreSettings{.path = path});
        const SessionId session = db->writer().start_session(testing::live_session(), util::wall_clock_now());
        std::atomic<bool> stop{false};
        std::thread writer_thread([&] { write_continuously(db->writer(), session, stop); });
        std::this_thread::sleep_for(2s);
        stop = true;
        writer_thread.join();
        const WriterStats stats = db->writer().stats();
        if (stats.failed || stats.dropped > 0) {
          std::fprintf(stderr, "writer child: dropped %llu, failure: %s\n",
                       static_cast<unsigned long long>(stats.dropped), stats.failure.c_str());
          _exit(3);
        }
        _exit(0);
      } catch (const StoreError& e) {
        std::fprintf(stderr, "writer child: %s\n", e.what());
        _exit(2);
      }
    }
    children.push_back(child);
  }
  for (const pid_t child : children) {
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "writer child status " << status;
  }
  auto db = Database::open(StoreSettings{.path = path, .read_only = true});
  auto lease = db->reads().acquire();
  EXPECT_EQ(lease->query_text("PRAGMA integrity_check"), "ok");
  const auto sessions = repositories::SessionRepository(*lease).list();
  ASSERT_EQ(sessions.size(), 2U);
  for (const SessionRecord& s : sessions) {
    EXPECT_EQ(repositories::FlowRepository(*lease).count(s.id), s.flows) << "session " << s.id.value;
  }
}

}  // namespace
}  // namespace pt::store

// kill -9 in the middle of writing: a child process writes flows continuously through the
// store's Writer and, after each flush() returns, tells the parent over a pipe which flows are
// committed. The parent SIGKILLs it at a moment that varies per round, then opens the database
// as the next run would: PRAGMA integrity_check must say ok and every flow reported committed
// must be there. Three rounds on one file also check that recovery after a kill is repeatable.

#include <gtest/gtest.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <set>
#include <thread>

#include "store/database.hpp"
#include "store/repositories/flow_repository.hpp"
#include "store/repositories/session_repository.hpp"
#include "store/store_test_support.hpp"
#include "util/log.hpp"

namespace pt::store {
namespace {

using namespace std::chrono_literals;

// What the child reports: one message per committed flush.
struct Committed {
  std::int64_t session = 0;
  std::uint64_t end_id = 0;  // flows [0, end_id) of the session are committed
};

[[noreturn]] void write_until_killed(const std::filesystem::path& path, int report_fd) {
  util::discard_log();
  try {
    auto db = Database::open(StoreSettings{.path = path});
    Writer& writer = db->writer();
    const SessionId session = writer.start_session(testing::live_session(), util::wall_clock_now());
    std::uint64_t next = 0;
    for (std::uint64_t round = 0;; ++round) {
      std::vector<FlowRecord> batch;
      for (int i = 0; i < 400; ++i) batch.push_back(testing::flow(session, next++, 100 + round));
      // Updates of flows already committed go in the same transactions as the new ones.
      for (std::uint64_t id = next > 2000 ? next - 2000 : 0; id < next; id += 7) {
        batch.push_back(testing::flow(session, id, 5000 + round));
      }
      writer.submit(std::move(batch));
      if (!writer.flush(10s)) _exit(3);
      const Committed message{session.value, next};
      if (write(report_fd, &message, sizeof message) != static_cast<ssize_t>(sizeof message)) _exit(4);
    }
  } catch (const std::exception&) {
    _exit(2);
  }
}

// Reads every complete report available within timeout; false on EOF.
bool read_reports(int fd, std::vector<Committed>& out, std::chrono::milliseconds timeout) {
  pollfd p{fd, POLLIN, 0};
  if (poll(&p, 1, static_cast<int>(timeout.count())) <= 0) return true;
  Committed message{};
  const ssize_t n = read(fd, &message, sizeof message);
  if (n <= 0) return false;
  if (n == static_cast<ssize_t>(sizeof message)) out.push_back(message);
  return true;
}

TEST(StoreCrash, KillNineMidWriteKeepsTheFileIntactAndEveryCommittedFlow) {
  testing::TempDir dir;
  const auto path = dir / "data.db";
  util::discard_log();
  const std::chrono::milliseconds kill_after[] = {0ms, 37ms, 151ms};
  for (const auto delay : kill_after) {
    int fds[2];
    ASSERT_EQ(pipe(fds), 0);
    const pid_t child = fork();
    ASSERT_GE(child, 0);
    if (child == 0) {
      close(fds[0]);
      write_until_killed(path, fds[1]);
    }
    close(fds[1]);
    std::vector<Committed> reports;
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (reports.size() < 8 && std::chrono::steady_clock::now() < deadline) {
      ASSERT_TRUE(read_reports(fds[0], reports, 100ms)) << "the writer child exited early";
    }
    ASSERT_GE(reports.size(), 8U) << "the writer child committed too little in 60 s";
    std::this_thread::sleep_for(delay);  // lands the kill at a different point of the cycle
    ASSERT_EQ(kill(child, SIGKILL), 0);
    int status = 0;
    ASSERT_EQ(waitpid(child, &status, 0), child);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << "child status " << status;
    while (read_reports(fds[0], reports, 0ms)) {  // reports written just before the kill count too
    }
    close(fds[0]);

    auto db = Database::open(StoreSettings{.path = path});  // recovery, as the next run opens it
    auto lease = db->reads().acquire();
    EXPECT_EQ(lease->query_text("PRAGMA integrity_check"), "ok");
    EXPECT_EQ(lease->query_int("SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
    const Committed last = reports.back();
    repositories::FlowRepository flows(*lease);
    std::set<std::uint64_t> present;
    for (const FlowRecord& f : flows.list(SessionId{last.session})) present.insert(f.flow_id);
    for (std::uint64_t id = 0; id < last.end_id; ++id) {
      ASSERT_TRUE(present.contains(id)) << "flow " << id << " was reported committed but is missing";
    }
    EXPECT_TRUE(repositories::SessionRepository(*lease).get(SessionId{last.session}).has_value());
  }
}

}  // namespace
}  // namespace pt::store

// The store facing a bad disk: a path it cannot create, a read-only file system, a full disk
// (a 1 MiB tmpfs this test mounts and unmounts), garbage where the database should be. Each
// gives a typed StoreError with a message naming the path, or a degraded writer that says
// why; never a crash. Mounting needs root (CI runs as root); without it those cases skip.

#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include "store/database.hpp"
#include "store/store_test_support.hpp"
#include "util/log.hpp"

namespace pt::store {
namespace {

using namespace std::chrono_literals;

struct OpenResult {
  bool threw = false;
  StoreErrorKind kind = StoreErrorKind::Internal;
  std::string message;
};

OpenResult try_open(const StoreSettings& settings) {
  try {
    auto db = Database::open(settings);
    (void)db->writer().start_session(testing::live_session(), util::wall_clock_now());
  } catch (const StoreError& e) {
    return {true, e.kind(), e.what()};
  }
  return {};
}

// A tmpfs mounted for one test and always unmounted.
class TmpfsMount {
 public:
  TmpfsMount(const std::filesystem::path& where, const std::string& options) : where_(where) {
    std::filesystem::create_directories(where_);
    mounted_ = mount("pt-store-test", where_.c_str(), "tmpfs", 0, options.c_str()) == 0;
    if (!mounted_) error_ = std::strerror(errno);
  }
  TmpfsMount(const TmpfsMount&) = delete;
  TmpfsMount& operator=(const TmpfsMount&) = delete;
  ~TmpfsMount() {
    if (mounted_) umount2(where_.c_str(), MNT_DETACH);
  }
  [[nodiscard]] bool mounted() const { return mounted_; }
  [[nodiscard]] const std::string& error() const { return error_; }
  bool remount_read_only() { return mount(nullptr, where_.c_str(), nullptr, MS_REMOUNT | MS_RDONLY, nullptr) == 0; }

 private:
  std::filesystem::path where_;
  bool mounted_ = false;
  std::string error_;
};

class StoreFailureTest : public ::testing::Test {
 protected:
  void SetUp() override { util::discard_log(); }
  testing::TempDir dir_;
};

TEST_F(StoreFailureTest, PathUnderARegularFile) {
  { std::ofstream(dir_ / "not-a-directory") << "x"; }
  const auto result = try_open(StoreSettings{.path = dir_ / "not-a-directory/state/data.db"});
  ASSERT_TRUE(result.threw);
  EXPECT_EQ(result.kind, StoreErrorKind::CannotOpen);
  EXPECT_NE(result.message.find("not-a-directory/state"), std::string::npos) << result.message;
}

TEST_F(StoreFailureTest, DirectoryWithoutWritePermission) {
  const auto locked = dir_ / "locked";
  if (geteuid() == 0) {
    // Root ignores permission bits; a read-only file system refuses root too.
    TmpfsMount ro(locked, "ro,size=1m");
    if (!ro.mounted()) GTEST_SKIP() << "cannot mount a read-only tmpfs: " << ro.error();
    const auto result = try_open(StoreSettings{.path = locked / "data.db"});
    ASSERT_TRUE(result.threw);
    EXPECT_TRUE(result.kind == StoreErrorKind::CannotOpen || result.kind == StoreErrorKind::ReadOnly)
        << to_string(result.kind);
    EXPECT_NE(result.message.find((locked / "data.db").string()), std::string::npos) << result.message;
    EXPECT_NE(result.message.find("Read-only file system"), std::string::npos) << result.message;
  } else {
    std::filesystem::create_directories(locked);
    std::filesystem::permissions(locked, std::filesystem::perms::owner_read | std::filesystem::perms::owner_exec);
    const auto result = try_open(StoreSettings{.path = locked / "data.db"});
    ASSERT_TRUE(result.threw);
    EXPECT_EQ(result.kind, StoreErrorKind::CannotOpen);
    EXPECT_NE(result.message.find("Permission denied"), std::string::npos) << result.message;
  }
}

TEST_F(StoreFailureTest, ExistingDatabaseOnAFileSystemTurnedReadOnly) {
  const auto where = dir_ / "mnt";
  TmpfsMount fs(where, "size=4m");
  if (!fs.mounted()) GTEST_SKIP() << "cannot mount tmpfs (needs root): " << fs.error();
  { (void)Database::open(StoreSettings{.path = where / "data.db"}); }
  ASSERT_TRUE(fs.remount_read_only()) << std::strerror(errno);
  const auto result = try_open(StoreSettings{.path = where / "data.db"});
  ASSERT_TRUE(result.threw);
  EXPECT_TRUE(result.kind == StoreErrorKind::ReadOnly || result.kind == StoreErrorKind::CannotOpen)
      << to_string(result.kind) << ": " << result.message;
  EXPECT_NE(result.message.find((where / "data.db").string()), std::string::npos) << result.message;
}

TEST_F(StoreFailureTest, FullDiskDegradesTheWriterWithOneClearReason) {
  const auto where = dir_ / "mnt";
  TmpfsMount fs(where, "size=1m");
  if (!fs.mounted()) GTEST_SKIP() << "cannot mount tmpfs (needs root): " << fs.error();
  {
    auto db = Database::open(StoreSettings{.path = where / "data.db"});
    Writer& writer = db->writer();
    const SessionId session = writer.start_session(testing::live_session(), util::wall_clock_now());
    std::uint64_t id = 0;
    const auto deadline = std::chrono::steady_clock::now() + 60s;
    while (!writer.degraded() && std::chrono::steady_clock::now() < deadline) {
      std::vector<FlowRecord> batch;
      for (int i = 0; i < 500; ++i) {
        FlowRecord f = testing::flow(session, id++);
        f.server_name = "a-long-server-name-that-fills-pages-faster.example.com";
        batch.push_back(std::move(f));
      }
      writer.submit(std::move(batch));
      (void)writer.flush(10s);
    }
    const WriterStats stats = writer.stats();
    ASSERT_TRUE(stats.failed) << "1 MiB never filled after " << id << " flows";
    EXPECT_EQ(stats.failure_kind, StoreErrorKind::DiskFull) << stats.failure;
    EXPECT_NE(stats.failure.find("full"), std::string::npos) << stats.failure;
    EXPECT_NE(stats.failure.find((where / "data.db").string()), std::string::npos) << stats.failure;
    EXPECT_GT(stats.dropped, 0U);
    EXPECT_GT(stats.written, 0U);
    // The capture goes on: submitting keeps working (and counting) without blocking.
    const auto before = std::chrono::steady_clock::now();
    for (int i = 0; i < 10'000; ++i) EXPECT_FALSE(writer.submit(testing::flow(session, id++)));
    EXPECT_LT(std::chrono::steady_clock::now() - before, 2s);
    EXPECT_EQ(writer.stats().dropped, stats.dropped + 10'000);
  }
  // Everything committed before the disk filled is intact.
  auto db = Database::open(StoreSettings{.path = where / "data.db", .read_only = true});
  auto lease = db->reads().acquire();
  EXPECT_EQ(lease->query_text("PRAGMA integrity_check"), "ok");
  EXPECT_GT(lease->query_int("SELECT COUNT(*) FROM flows"), 0);
}

TEST_F(StoreFailureTest, OpeningOnAFullDiskFailsCleanly) {
  const auto where = dir_ / "mnt";
  TmpfsMount fs(where, "size=256k");
  if (!fs.mounted()) GTEST_SKIP() << "cannot mount tmpfs (needs root): " << fs.error();
  {
    std::ofstream filler(where / "filler", std::ios::binary);
    const std::string block(4096, 'f');
    while (filler.write(block.data(), static_cast<std::streamsize>(block.size()))) {
    }
  }
  const auto result = try_open(StoreSettings{.path = where / "data.db"});
  ASSERT_TRUE(result.threw);
  EXPECT_TRUE(result.kind == StoreErrorKind::DiskFull || result.kind == StoreErrorKind::CannotOpen ||
              result.kind == StoreErrorKind::Io)
      << to_string(result.kind) << ": " << result.message;
  EXPECT_NE(result.message.find((where / "data.db").string()), std::string::npos) << result.message;
}

TEST_F(StoreFailureTest, GarbageInPlaceOfTheDatabase) {
  const auto path = dir_ / "data.db";
  {
    std::ofstream out(path, std::ios::binary);
    for (int i = 0; i < 10'000; ++i) out << "this is not sqlite " << i << '\n';
  }
  auto result = try_open(StoreSettings{.path = path});
  ASSERT_TRUE(result.threw);
  EXPECT_EQ(result.kind, StoreErrorKind::NotADatabase);
  EXPECT_NE(result.message.find(path.string()), std::string::npos) << result.message;
  result = try_open(StoreSettings{.path = path, .read_only = true});
  ASSERT_TRUE(result.threw);
  EXPECT_EQ(result.kind, StoreErrorKind::NotADatabase);

  // An SQLite header over garbage pages: corrupt rather than foreign, still no crash.
  const auto damaged = dir_ / "damaged.db";
  {
    std::ofstream out(damaged, std::ios::binary);
    out.write("SQLite format 3\0", 16);
    const std::string junk(64 * 1024, '\x5a');
    out.write(junk.data(), static_cast<std::streamsize>(junk.size()));
  }
  result = try_open(StoreSettings{.path = damaged});
  ASSERT_TRUE(result.threw);
  EXPECT_TRUE(result.kind == StoreErrorKind::NotADatabase || result.kind == StoreErrorKind::Corrupt)
      << to_string(result.kind) << ": " << result.message;
}

}  // namespace
}  // namespace pt::store

#include "store/database.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <fstream>
#include <thread>

#include "store/migrations.hpp"
#include "store/repositories/session_repository.hpp"
#include "store/store_test_support.hpp"

namespace pt::store {
namespace {

using testing::at_seconds;

StoreErrorKind open_error(const StoreSettings& settings, std::string* message = nullptr) {
  try {
    (void)Database::open(settings);
  } catch (const StoreError& e) {
    if (message != nullptr) *message = e.what();
    return e.kind();
  }
  ADD_FAILURE() << "open succeeded";
  return StoreErrorKind::Internal;
}

TEST(Database, CreatesTheFileAndItsDirectoryInWalMode) {
  testing::TempDir dir;
  const auto path = dir / "nested/state/data.db";
  auto db = Database::open(StoreSettings{.path = path});
  EXPECT_TRUE(std::filesystem::exists(path));
  EXPECT_TRUE(db->writable());
  EXPECT_EQ(db->schema_version(), kSchemaVersion);
  EXPECT_EQ(db->reads().size(), 4U);
  auto lease = db->reads().acquire();
  EXPECT_EQ(lease->query_text("PRAGMA journal_mode"), "wal");
  EXPECT_TRUE(lease->read_only());
}

TEST(Database, WriteConnectionPragmas) {
  testing::TempDir dir;
  Connection c = open_write_connection(StoreSettings{.path = dir / "data.db"}, at_seconds(1e9));
  EXPECT_EQ(c.query_text("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(c.query_int("PRAGMA synchronous"), 1);  // NORMAL
  EXPECT_EQ(c.query_int("PRAGMA foreign_keys"), 1);
  EXPECT_EQ(c.query_int("PRAGMA busy_timeout"), 5000);
  Connection rollback =
      open_write_connection(StoreSettings{.path = dir / "other.db", .wal_mode = false}, at_seconds(1e9));
  EXPECT_EQ(rollback.query_text("PRAGMA journal_mode"), "delete");
}

TEST(Database, AGarbageFileIsReportedAndLeftAlone) {
  testing::TempDir dir;
  const auto path = dir / "data.db";
  const std::string garbage(8192, 'G');
  { std::ofstream(path, std::ios::binary) << garbage; }
  std::string message;
  EXPECT_EQ(open_error(StoreSettings{.path = path}, &message), StoreErrorKind::NotADatabase);
  EXPECT_NE(message.find(path.string()), std::string::npos) << message;
  EXPECT_NE(message.find("not a database"), std::string::npos) << message;
  std::ifstream in(path, std::ios::binary);
  const std::string after((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_EQ(after, garbage);
}

TEST(Database, UnusablePathsAreReportedNotCrashed) {
  testing::TempDir dir;
  { std::ofstream(dir / "file") << "x"; }
  std::string message;
  EXPECT_EQ(open_error(StoreSettings{.path = dir / "file/sub/data.db"}, &message), StoreErrorKind::CannotOpen);
  EXPECT_NE(message.find("file/sub"), std::string::npos) << message;
  EXPECT_EQ(open_error(StoreSettings{.path = dir / "file/data.db"}, &message), StoreErrorKind::CannotOpen);
  std::filesystem::create_directories(dir / "a-directory");
  EXPECT_EQ(open_error(StoreSettings{.path = dir / "a-directory"}, &message), StoreErrorKind::CannotOpen);
  EXPECT_NE(message.find("directory"), std::string::npos) << message;
  EXPECT_EQ(open_error(StoreSettings{.path = ""}), StoreErrorKind::CannotOpen);
}

TEST(Database, ReadOnlyOpenNeedsAnExistingFileAndHasNoWriter) {
  testing::TempDir dir;
  const auto path = dir / "data.db";
  EXPECT_EQ(open_error(StoreSettings{.path = path, .read_only = true}), StoreErrorKind::NotFound);
  EXPECT_FALSE(std::filesystem::exists(path));
  SessionId id;
  {
    auto db = Database::open(StoreSettings{.path = path});
    id = db->writer().start_session(testing::live_session(), util::wall_clock_now());
  }
  auto db = Database::open(StoreSettings{.path = path, .read_only = true});
  EXPECT_FALSE(db->writable());
  EXPECT_THROW((void)db->writer(), StoreError);
  auto lease = db->reads().acquire();
  EXPECT_TRUE(repositories::SessionRepository(*lease).get(id).has_value());
}

TEST(Database, ReadOnlyOpenOfAnOldSchemaMigratesIt) {
  testing::TempDir dir;
  const auto path = dir / "v1.db";
  {
    Connection c = Connection::open(path, OpenMode::ReadWriteCreate, std::chrono::milliseconds(100));
    (void)migrate(c, at_seconds(1e9), 1);
  }
  auto db = Database::open(StoreSettings{.path = path, .read_only = true});
  EXPECT_EQ(db->schema_version(), 2);
  auto lease = db->reads().acquire();
  EXPECT_EQ(schema_version(*lease), 2);
}

TEST(ReadPool, HandsOutEachConnectionOnceAndWaitsForReturns) {
  testing::TempDir dir;
  auto db = Database::open(StoreSettings{.path = dir / "data.db", .read_pool_size = 2});
  ReadPool& pool = db->reads();
  auto first = pool.acquire();
  {
    auto second = pool.acquire();
    EXPECT_NE(&*first, &*second);
    EXPECT_EQ(pool.available(), 0U);
    try {
      (void)pool.acquire(std::chrono::milliseconds(20));
      FAIL() << "expected Busy";
    } catch (const StoreError& e) {
      EXPECT_EQ(e.kind(), StoreErrorKind::Busy);
    }
  }
  EXPECT_EQ(pool.available(), 1U);
  std::thread other([&] {
    auto lease = pool.acquire();
    EXPECT_EQ(lease->query_int("SELECT 1"), 1);
  });
  other.join();
  EXPECT_EQ(pool.available(), 1U);
}

TEST(ReadPool, ManyThreadsShareTheConnectionsOpenedOnDemand) {
  testing::TempDir dir;
  auto db = Database::open(StoreSettings{.path = dir / "data.db", .read_pool_size = 3});
  std::atomic<int> errors{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        try {
          auto lease = db->reads().acquire();
          if (lease->query_int("SELECT COUNT(*) FROM sessions") != 0) ++errors;
        } catch (const StoreError&) {
          ++errors;
        }
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(errors.load(), 0);
  EXPECT_EQ(db->reads().available(), 3U);
}

}  // namespace
}  // namespace pt::store

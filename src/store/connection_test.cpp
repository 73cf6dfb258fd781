#include "store/connection.hpp"

#include <gtest/gtest.h>

#include <fstream>

#include "store/store_test_support.hpp"

namespace pt::store {
namespace {

Connection memory() { return Connection::open(":memory:", OpenMode::ReadWriteCreate, std::chrono::milliseconds(100)); }

TEST(Connection, BindsAndReadsEveryType) {
  Connection db = memory();
  db.exec("CREATE TABLE t (i INTEGER, r REAL, s TEXT, n TEXT, a TEXT, when_ REAL)");
  Statement insert = db.prepare("INSERT INTO t VALUES (?1, ?2, ?3, ?4, ?5, ?6)");
  insert.bind(1, std::uint64_t{1} << 40U);
  insert.bind(2, 2.5);
  insert.bind(3, std::string_view("héllo"));
  insert.bind_text_or_null(4, "");
  insert.bind(5, testing::ip("2001:db8::1"));
  insert.bind(6, testing::at_seconds(1'700'000'000.25));
  insert.run();

  Statement select = db.prepare("SELECT i, r, s, n, a, when_ FROM t");
  ASSERT_TRUE(select.step());
  EXPECT_EQ(select.uint64(0), std::uint64_t{1} << 40U);
  EXPECT_DOUBLE_EQ(select.real(1), 2.5);
  EXPECT_EQ(select.text(2), "héllo");
  EXPECT_TRUE(select.is_null(3));
  EXPECT_EQ(select.ip(4), testing::ip("2001:db8::1"));
  EXPECT_EQ(select.text(4), "2001:db8::1");
  EXPECT_NEAR(util::to_unix_seconds(select.time(5)), 1'700'000'000.25, 1e-6);
  EXPECT_FALSE(select.step());
}

TEST(Connection, ErrorsAreTypedAndNameTheStatement) {
  Connection db = memory();
  try {
    (void)db.prepare("SELEKT 1");
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::Internal);
    EXPECT_NE(std::string(e.what()).find("SELEKT"), std::string::npos) << e.what();
  }
  db.exec("CREATE TABLE u (k INTEGER PRIMARY KEY)");
  db.exec("INSERT INTO u VALUES (1)");
  Statement dup = db.prepare("INSERT INTO u VALUES (1)");
  try {
    dup.run();
    FAIL() << "expected a constraint error";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::Constraint);
    EXPECT_NE(std::string(e.what()).find("UNIQUE"), std::string::npos) << e.what();
  }
  // The statement stays usable after the failure, and a bad index is our bug, not the data's.
  dup.reset();
  EXPECT_THROW(dup.run(), StoreError);
  try {
    dup.bind(1, 2);
    FAIL() << "expected a range error";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::Internal);
  }
}

TEST(Connection, TransactionRollsBackUnlessCommitted) {
  Connection db = memory();
  db.exec("CREATE TABLE t (k INTEGER)");
  {
    Transaction transaction(db);
    db.exec("INSERT INTO t VALUES (1)");
  }
  EXPECT_EQ(db.query_int("SELECT COUNT(*) FROM t"), 0);
  {
    Transaction transaction(db);
    db.exec("INSERT INTO t VALUES (1)");
    transaction.commit();
  }
  EXPECT_EQ(db.query_int("SELECT COUNT(*) FROM t"), 1);
  EXPECT_FALSE(db.in_transaction());
}

TEST(Connection, OpenFailureSaysWhyWithThePath) {
  testing::TempDir dir;
  const auto file = dir / "plain-file";
  { std::ofstream(file) << "x"; }
  try {
    (void)Connection::open(file / "data.db", OpenMode::ReadWriteCreate, std::chrono::milliseconds(10));
    FAIL() << "expected StoreError";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::CannotOpen);
    EXPECT_NE(std::string(e.what()).find((file / "data.db").string()), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("Not a directory"), std::string::npos) << e.what();
  }
}

TEST(Connection, ReadOnlyOpenNeverCreates) {
  testing::TempDir dir;
  EXPECT_THROW((void)Connection::open(dir / "absent.db", OpenMode::ReadOnly, std::chrono::milliseconds(10)),
               StoreError);
  EXPECT_FALSE(std::filesystem::exists(dir / "absent.db"));
}

}  // namespace
}  // namespace pt::store

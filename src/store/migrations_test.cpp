#include "store/migrations.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "store/store_test_support.hpp"

namespace pt::store {
namespace {

Connection open_file(const std::filesystem::path& path) {
  Connection c = Connection::open(path, OpenMode::ReadWriteCreate, std::chrono::milliseconds(1000));
  c.exec("PRAGMA foreign_keys=ON");
  return c;
}

std::set<std::string> tables(Connection& c) {
  std::set<std::string> names;
  Statement s = c.prepare("SELECT name FROM sqlite_master WHERE type = 'table'");
  while (s.step()) names.insert(s.text(0));
  return names;
}

std::set<std::string> columns(Connection& c, const std::string& table) {
  std::set<std::string> names;
  Statement s = c.prepare("SELECT name FROM pragma_table_info(?1)");
  s.bind(1, table);
  while (s.step()) names.insert(s.text(0));
  return names;
}

TEST(Migrations, FreshDatabaseGetsEveryTableOfTheSpec) {
  testing::TempDir dir;
  Connection c = open_file(dir / "fresh.db");
  EXPECT_EQ(schema_version(c), 0);
  EXPECT_EQ(migrate(c, testing::at_seconds(1e9)), 2);
  EXPECT_EQ(schema_version(c), kSchemaVersion);
  const std::set<std::string> expected{
      "sessions",      "flows",           "port_stats",      "geo_cache", "dns_cache",      "traceroutes",
      "hops",          "latency_samples", "path_summary",    "devices",   "node_ownership", "route_patterns",
      "route_changes", "scan_activity",   "classifications", "ns_lookup", "schema_version", "sqlite_sequence"};
  EXPECT_EQ(tables(c), expected);  // the spec's 18 tables
  for (const char* column : {"src_fqdn", "dst_fqdn", "src_country", "dst_asn", "app", "encrypted", "server_name"}) {
    EXPECT_TRUE(columns(c, "flows").contains(column)) << column;
  }
  for (const char* column : {"fqdn", "hostname", "domain", "display_name", "status"}) {
    EXPECT_TRUE(columns(c, "dns_cache").contains(column)) << column;
  }
  EXPECT_EQ(c.query_text("PRAGMA integrity_check"), "ok");
  EXPECT_EQ(c.query_int("SELECT COUNT(*) FROM pragma_foreign_key_check"), 0);
  // Running again changes nothing.
  EXPECT_EQ(migrate(c, testing::at_seconds(1e9)), 0);
}

TEST(Migrations, UpgradesAVersionOneDatabaseKeepingItsRows) {
  testing::TempDir dir;
  const auto path = dir / "v1.db";
  {
    Connection c = open_file(path);
    ASSERT_EQ(migrate(c, testing::at_seconds(1e9), 1), 1);
    ASSERT_EQ(schema_version(c), 1);
    EXPECT_FALSE(columns(c, "flows").contains("src_fqdn"));
    EXPECT_FALSE(columns(c, "dns_cache").contains("fqdn"));
    c.exec(
        "INSERT INTO sessions (started_at, updated_at, source_kind, source) VALUES (1e9, 1e9, 'file', 'a.pcap');"
        "INSERT INTO flows (session_id, flow_id, flow_key, protocol, ip_version, src_ip, src_port, dst_ip, dst_port, "
        "first_seen, last_seen, dst_hostname, dst_domain) VALUES (1, 7, 'tcp 10.0.0.1:1 > 10.0.0.2:80', 6, 4, "
        "'10.0.0.1', 1, '10.0.0.2', 80, 1e9, 1e9, 'www', 'example.com');"
        "INSERT INTO dns_cache (ip, hostname, domain, status, updated_at) VALUES ('10.0.0.2', 'www', 'example.com', "
        "'resolved', 1e9);");
  }
  Connection c = open_file(path);
  EXPECT_EQ(migrate(c, testing::at_seconds(2e9)), 1);
  EXPECT_EQ(schema_version(c), 2);
  EXPECT_TRUE(columns(c, "flows").contains("src_fqdn"));
  EXPECT_TRUE(columns(c, "flows").contains("dst_fqdn"));
  EXPECT_TRUE(columns(c, "dns_cache").contains("fqdn"));
  EXPECT_EQ(c.query_text("SELECT dst_domain FROM flows WHERE flow_id = 7"), "example.com");
  EXPECT_EQ(c.query_text("SELECT hostname FROM dns_cache"), "www");
  EXPECT_EQ(c.query_int("SELECT COUNT(*) FROM schema_version"), 2);
  EXPECT_EQ(c.query_text("SELECT description FROM schema_version WHERE version = 2").substr(0, 4), "fqdn");
  EXPECT_EQ(c.query_text("PRAGMA integrity_check"), "ok");
}

TEST(Migrations, RefusesANewerSchema) {
  testing::TempDir dir;
  Connection c = open_file(dir / "new.db");
  (void)migrate(c, testing::at_seconds(1e9));
  c.exec("INSERT INTO schema_version VALUES (99, 0, 'from the future')");
  try {
    (void)migrate(c, testing::at_seconds(1e9));
    FAIL() << "expected SchemaTooNew";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::SchemaTooNew);
    EXPECT_NE(std::string(e.what()).find("99"), std::string::npos);
  }
}

TEST(Migrations, RefusesSomeoneElsesDatabase) {
  testing::TempDir dir;
  Connection c = open_file(dir / "other.db");
  c.exec("CREATE TABLE invoices (id INTEGER)");
  try {
    (void)migrate(c, testing::at_seconds(1e9));
    FAIL() << "expected NotADatabase";
  } catch (const StoreError& e) {
    EXPECT_EQ(e.kind(), StoreErrorKind::NotADatabase);
  }
  EXPECT_EQ(tables(c), std::set<std::string>{"invoices"});
}

}  // namespace
}  // namespace pt::store

#pragma once
// A small RAII layer over the SQLite C API: a Connection owns one sqlite3 handle, a Statement
// one prepared statement. Every failure becomes a StoreError that names the database path and
// carries SQLite's message. sqlite3.h stays inside store/*.cpp (forward declarations here).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "store/statement.hpp"

struct sqlite3;

namespace pt::store {

enum class OpenMode : std::uint8_t {
  ReadWriteCreate,  // the writer: creates the file when missing
  ReadOnly,         // readers: never create, never write
};

class Connection {
 public:
  // Opens path (":memory:" for a private in-memory database). Throws StoreError.
  static Connection open(const std::filesystem::path& path, OpenMode mode, std::chrono::milliseconds busy_timeout);

  Connection(Connection&& other) noexcept;
  Connection& operator=(Connection&& other) noexcept;
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;
  ~Connection();

  // Runs one or more statements that return no rows we need.
  void exec(std::string_view sql);
  // persistent: the statement is kept for the connection's life (SQLITE_PREPARE_PERSISTENT).
  [[nodiscard]] Statement prepare(std::string_view sql, bool persistent = false);
  // A one-row, one-column query (PRAGMAs, COUNT(*)); empty string when NULL or no row.
  [[nodiscard]] std::string query_text(std::string_view sql);
  [[nodiscard]] std::int64_t query_int(std::string_view sql);

  [[nodiscard]] std::int64_t last_insert_rowid() const;
  [[nodiscard]] std::int64_t changes() const;
  [[nodiscard]] bool read_only() const;
  [[nodiscard]] bool in_transaction() const;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] sqlite3* handle() const { return db_; }

  // Builds the StoreError for the connection's last failure (code is the call's result).
  [[nodiscard]] StoreError error(int code, std::string_view what) const;

 private:
  Connection(sqlite3* db, std::filesystem::path path) : db_(db), path_(std::move(path)) {}
  sqlite3* db_ = nullptr;
  std::filesystem::path path_;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back when destroyed uncommitted (an exception unwound it).
class Transaction {
 public:
  enum class Kind : std::uint8_t { Deferred, Immediate };
  explicit Transaction(Connection& connection, Kind kind = Kind::Immediate);
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  ~Transaction();
  void commit();

 private:
  Connection& connection_;
  bool open_ = true;
};

}  // namespace pt::store

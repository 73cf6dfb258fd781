#include "store/connection.hpp"

#include <sqlite3.h>

#include <cerrno>
#include <cstring>
#include <mutex>
#include <utility>

namespace pt::store {

namespace {

// "unable to open database file" alone does not tell a user what to fix; the OS error does.
std::string open_failure_text(sqlite3* db, int code) {
  std::string text = db != nullptr ? sqlite3_errmsg(db) : sqlite3_errstr(code);
  const int system_errno = db != nullptr ? sqlite3_system_errno(db) : 0;
  if (system_errno != 0) text += std::string(" (") + std::strerror(system_errno) + ")";
  return text;
}

// Debian's SQLite keeps memory statistics behind a process-wide mutex taken on every
// allocation (SQLITE_DEFAULT_MEMSTATUS); the store never reads them, and they cost the writer
// a lock per bound value. Library configuration is only accepted before first use, hence once.
void configure_library() {
  static std::once_flag once;
  std::call_once(once, [] { (void)sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0); });
}

}  // namespace

Connection Connection::open(const std::filesystem::path& path, OpenMode mode, std::chrono::milliseconds busy_timeout) {
  const int flags = (mode == OpenMode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) |
                    SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE;
  configure_library();
  sqlite3* db = nullptr;
  const int code = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (code != SQLITE_OK) {
    const std::string text = open_failure_text(db, code);
    const int extended = db != nullptr ? sqlite3_extended_errcode(db) : code;
    sqlite3_close_v2(db);
    throw StoreError(kind_of_sqlite_code(code), "cannot open database " + path.string() + ": " + text, extended);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, static_cast<int>(busy_timeout.count()));
  return Connection(db, path);
}

Connection::Connection(Connection&& other) noexcept
    : db_(std::exchange(other.db_, nullptr)), path_(std::move(other.path_)) {}

Connection& Connection::operator=(Connection&& other) noexcept {
  if (this != &other) {
    sqlite3_close_v2(db_);
    db_ = std::exchange(other.db_, nullptr);
    path_ = std::move(other.path_);
  }
  return *this;
}

Connection::~Connection() { sqlite3_close_v2(db_); }

StoreError Connection::error(int code, std::string_view what) const {
  std::string message = std::string(what) + " failed on " + path_.string() + ": " + open_failure_text(db_, code);
  return {kind_of_sqlite_code(code), message, db_ != nullptr ? sqlite3_extended_errcode(db_) : code};
}

void Connection::exec(std::string_view sql) {
  // sqlite3_exec needs a terminated string; statements here are short and rare.
  const std::string text(sql);
  char* message = nullptr;
  const int code = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &message);
  sqlite3_free(message);
  if (code != SQLITE_OK) {
    throw error(code, "'" + text.substr(0, 60) + (text.size() > 60 ? "...'" : "'"));
  }
}

Statement Connection::prepare(std::string_view sql, bool persistent) {
  sqlite3_stmt* stmt = nullptr;
  const unsigned flags = persistent ? SQLITE_PREPARE_PERSISTENT : 0U;
  const int code = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()), flags, &stmt, nullptr);
  if (code != SQLITE_OK) {
    sqlite3_finalize(stmt);
    throw error(code, "preparing '" + std::string(sql.substr(0, 60)) + "'");
  }
  return Statement(stmt);
}

std::string Connection::query_text(std::string_view sql) {
  Statement statement = prepare(sql);
  return statement.step() ? statement.text(0) : std::string{};
}

std::int64_t Connection::query_int(std::string_view sql) {
  Statement statement = prepare(sql);
  return statement.step() ? statement.int64(0) : 0;
}

std::int64_t Connection::last_insert_rowid() const { return sqlite3_last_insert_rowid(db_); }

std::int64_t Connection::changes() const { return sqlite3_changes64(db_); }

bool Connection::read_only() const { return sqlite3_db_readonly(db_, "main") == 1; }

bool Connection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

Transaction::Transaction(Connection& connection, Kind kind) : connection_(connection) {
  connection_.exec(kind == Kind::Immediate ? "BEGIN IMMEDIATE" : "BEGIN");
}

Transaction::~Transaction() {
  if (open_ && connection_.in_transaction()) {
    // Never throws from a destructor: a failed rollback leaves SQLite to roll back on close.
    sqlite3_exec(connection_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

void Transaction::commit() {
  connection_.exec("COMMIT");
  open_ = false;
}

}  // namespace pt::store

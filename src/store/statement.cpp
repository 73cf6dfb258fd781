#include "store/statement.hpp"

#include <sqlite3.h>

#include <array>
#include <chrono>
#include <thread>
#include <utility>

namespace pt::store {

namespace {

// Outside an explicit transaction a statement that met SQLITE_BUSY despite the busy handler
// (WAL recovery, a checkpoint resetting the index) can simply be stepped again; inside one we
// must not retry, the caller rolls back.
constexpr int kBusyRetries = 50;
constexpr auto kBusyBackoff = std::chrono::milliseconds(20);

}  // namespace

std::size_t format_ip(const util::IpAddress& ip, std::span<char> out) {
  if (!ip.is_v4()) return ip.empty() ? 0 : ip.format(out);
  std::size_t n = 0;
  const auto bytes = ip.bytes();
  for (std::size_t i = 0; i < 4; ++i) {
    if (i > 0) out[n++] = '.';
    const unsigned value = bytes[i];
    if (value >= 100) out[n++] = static_cast<char>('0' + value / 100);
    if (value >= 10) out[n++] = static_cast<char>('0' + value / 10 % 10);
    out[n++] = static_cast<char>('0' + value % 10);
  }
  return n;
}

double to_db_time(util::Timestamp time) { return util::to_unix_seconds(time); }
util::Timestamp from_db_time(double seconds) { return util::from_unix_seconds(seconds); }

Statement::Statement(Statement&& other) noexcept : stmt_(std::exchange(other.stmt_, nullptr)) {}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    stmt_ = std::exchange(other.stmt_, nullptr);
  }
  return *this;
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::fail(int code, std::string_view what) const {
  sqlite3* db = sqlite3_db_handle(stmt_);
  const char* file = sqlite3_db_filename(db, "main");
  std::string message = std::string(what) + " failed on " + (file != nullptr && *file != '\0' ? file : ":memory:") +
                        ": " + sqlite3_errmsg(db);
  if (const char* sql = sqlite3_sql(stmt_); sql != nullptr) {
    std::string_view text(sql);
    message += " [" + std::string(text.substr(0, 80)) + (text.size() > 80 ? "...]" : "]");
  }
  throw StoreError(kind_of_sqlite_code(code), message, sqlite3_extended_errcode(db));
}

void Statement::check_bind(int code, int index) const {
  if (code != SQLITE_OK) fail(code, "binding parameter " + std::to_string(index));
}

void Statement::bind_null(int index) { check_bind(sqlite3_bind_null(stmt_, index), index); }

void Statement::bind(int index, std::int64_t value) {
  check_bind(sqlite3_bind_int64(stmt_, index, static_cast<sqlite3_int64>(value)), index);
}

void Statement::bind(int index, std::uint64_t value) { bind(index, static_cast<std::int64_t>(value)); }

void Statement::bind(int index, double value) { check_bind(sqlite3_bind_double(stmt_, index, value), index); }

void Statement::bind(int index, std::string_view text) {
  check_bind(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8), index);
}

void Statement::bind_text_or_null(int index, std::string_view text) {
  if (text.empty()) {
    bind_null(index);
  } else {
    bind(index, text);
  }
}

void Statement::bind_ref(int index, std::string_view text) {
  if (text.empty()) {
    bind_null(index);
    return;
  }
  check_bind(sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_STATIC, SQLITE_UTF8), index);
}

void Statement::bind(int index, util::Timestamp time) { bind(index, to_db_time(time)); }

void Statement::bind(int index, const util::IpAddress& ip) {
  if (ip.empty()) {
    bind_null(index);
    return;
  }
  std::array<char, 64> buffer{};
  const std::size_t length = format_ip(ip, buffer);
  bind(index, std::string_view(buffer.data(), length));
}

bool Statement::step() {
  for (int attempt = 0;; ++attempt) {
    const int code = sqlite3_step(stmt_);
    if (code == SQLITE_ROW) return true;
    if (code == SQLITE_DONE) return false;
    const int primary = code & 0xFF;
    const bool busy = primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
    if (busy && attempt < kBusyRetries && sqlite3_get_autocommit(sqlite3_db_handle(stmt_)) != 0) {
      sqlite3_reset(stmt_);
      std::this_thread::sleep_for(kBusyBackoff);
      continue;
    }
    sqlite3_reset(stmt_);
    fail(code, "statement");
  }
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::is_null(int column) const { return sqlite3_column_type(stmt_, column) == SQLITE_NULL; }

std::int64_t Statement::int64(int column) const { return sqlite3_column_int64(stmt_, column); }

std::uint64_t Statement::uint64(int column) const {
  const std::int64_t value = int64(column);
  return value < 0 ? 0 : static_cast<std::uint64_t>(value);
}

double Statement::real(int column) const { return sqlite3_column_double(stmt_, column); }

std::string Statement::text(int column) const {
  const auto* data = sqlite3_column_text(stmt_, column);
  if (data == nullptr) return {};
  const int length = sqlite3_column_bytes(stmt_, column);
  return {reinterpret_cast<const char*>(data), static_cast<std::size_t>(length)};
}

util::Timestamp Statement::time(int column) const { return from_db_time(real(column)); }

std::optional<util::Timestamp> Statement::optional_time(int column) const {
  if (is_null(column)) return std::nullopt;
  return time(column);
}

util::IpAddress Statement::ip(int column) const {
  if (is_null(column)) return {};
  return util::IpAddress::parse(text(column)).value_or(util::IpAddress{});
}

}  // namespace pt::store

#pragma once
// One prepared statement. Bind with 1-based indexes, step() until it returns false, read
// columns with 0-based indexes. Moves, never copies; finalized on destruction.

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "store/store_error.hpp"
#include "util/ip_address.hpp"
#include "util/time.hpp"

struct sqlite3_stmt;

namespace pt::store {

class Connection;

class Statement {
 public:
  Statement() = default;
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  void bind_null(int index);
  void bind(int index, std::int64_t value);
  void bind(int index, std::uint64_t value);  // stored as a signed 64-bit integer
  void bind(int index, int value) { bind(index, static_cast<std::int64_t>(value)); }
  void bind(int index, unsigned value) { bind(index, static_cast<std::int64_t>(value)); }
  void bind(int index, bool value) { bind(index, static_cast<std::int64_t>(value ? 1 : 0)); }
  void bind(int index, double value);
  void bind(int index, std::string_view text);  // copied by SQLite
  void bind(int index, const char* text) { bind(index, std::string_view(text)); }
  void bind(int index, const std::string& text) { bind(index, std::string_view(text)); }
  // Empty text becomes NULL, so "not known" stays distinguishable from a value.
  void bind_text_or_null(int index, std::string_view text);
  // Hot paths: SQLite reads text in place instead of copying it, so the caller keeps it alive
  // until the statement is reset (run() resets). Empty text becomes NULL.
  void bind_ref(int index, std::string_view text);
  void bind(int index, util::Timestamp time);       // REAL unix seconds
  void bind(int index, const util::IpAddress& ip);  // canonical text; NULL when empty
  template <typename T>
  void bind(int index, const std::optional<T>& value) {
    if (value) {
      bind(index, *value);
    } else {
      bind_null(index);
    }
  }

  // Executes one step: true when a row is available, false when done. Throws StoreError.
  bool step();
  // Runs a statement that returns no rows, then resets it for reuse.
  void run();
  void reset();  // also clears bindings

  [[nodiscard]] bool is_null(int column) const;
  [[nodiscard]] std::int64_t int64(int column) const;
  [[nodiscard]] std::uint64_t uint64(int column) const;
  [[nodiscard]] double real(int column) const;
  [[nodiscard]] std::string text(int column) const;  // empty when NULL
  [[nodiscard]] util::Timestamp time(int column) const;
  [[nodiscard]] std::optional<util::Timestamp> optional_time(int column) const;
  [[nodiscard]] util::IpAddress ip(int column) const;  // empty when NULL or unparsable
  template <typename T>
  [[nodiscard]] T integer(int column) const {
    return static_cast<T>(int64(column));
  }

  [[nodiscard]] bool valid() const { return stmt_ != nullptr; }

 private:
  friend class Connection;
  explicit Statement(sqlite3_stmt* stmt) : stmt_(stmt) {}
  void check_bind(int code, int index) const;
  [[noreturn]] void fail(int code, std::string_view what) const;
  sqlite3_stmt* stmt_ = nullptr;
};

// The canonical text of ip into out (at least 46 bytes); returns its length, 0 when empty.
// IPv4 is formatted by hand: inet_ntop's printf machinery dominated the writer's profile.
std::size_t format_ip(const util::IpAddress& ip, std::span<char> out);

// Unix seconds as stored in every time column.
double to_db_time(util::Timestamp time);
util::Timestamp from_db_time(double seconds);

}  // namespace pt::store

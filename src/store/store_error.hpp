#pragma once
// The store's one error type. The kind says what went wrong in terms the app can act on
// (tell the user the disk is full, that the file is not a database, ...); the message says
// where (path, statement) and carries SQLite's own text.

#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace pt::store {

enum class StoreErrorKind : std::uint8_t {
  CannotOpen,    // missing directory, no permission, path under a regular file
  NotFound,      // read-only open of a database that does not exist
  NotADatabase,  // the file exists but is not SQLite (garbage in place of the database)
  ReadOnly,      // the file or its file system refuses writes
  DiskFull,      // SQLITE_FULL: no space left for the database or its WAL
  Io,            // SQLITE_IOERR: the operating system failed a read or write
  Corrupt,       // SQLITE_CORRUPT: the file is damaged
  SchemaTooNew,  // written by a newer PacketTracer; we refuse to touch it
  Busy,          // another connection held a lock longer than the busy timeout
  Constraint,    // a row the schema refuses (one record, not the whole store)
  Stopped,       // the writer is shut down or degraded
  Internal,      // misuse or an unexpected SQLite code: a bug on our side
};

std::string_view to_string(StoreErrorKind kind);

// Kinds after which the store cannot go on writing (the writer degrades).
bool is_fatal(StoreErrorKind kind);

class StoreError : public std::runtime_error {
 public:
  StoreError(StoreErrorKind kind, const std::string& message, int sqlite_code = 0)
      : std::runtime_error(message), kind_(kind), sqlite_code_(sqlite_code) {}

  [[nodiscard]] StoreErrorKind kind() const { return kind_; }
  // The extended SQLite result code, 0 when the error did not come from SQLite.
  [[nodiscard]] int sqlite_code() const { return sqlite_code_; }

 private:
  StoreErrorKind kind_;
  int sqlite_code_;
};

// Maps an SQLite result code (primary or extended) to the kind above.
StoreErrorKind kind_of_sqlite_code(int code);

}  // namespace pt::store

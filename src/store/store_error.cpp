#include "store/store_error.hpp"

#include <sqlite3.h>

namespace pt::store {

std::string_view to_string(StoreErrorKind kind) {
  switch (kind) {
    case StoreErrorKind::CannotOpen: return "cannot-open";
    case StoreErrorKind::NotFound: return "not-found";
    case StoreErrorKind::NotADatabase: return "not-a-database";
    case StoreErrorKind::ReadOnly: return "read-only";
    case StoreErrorKind::DiskFull: return "disk-full";
    case StoreErrorKind::Io: return "io-error";
    case StoreErrorKind::Corrupt: return "corrupt";
    case StoreErrorKind::SchemaTooNew: return "schema-too-new";
    case StoreErrorKind::Busy: return "busy";
    case StoreErrorKind::Constraint: return "constraint";
    case StoreErrorKind::Stopped: return "stopped";
    case StoreErrorKind::Internal: return "internal";
  }
  return "internal";
}

bool is_fatal(StoreErrorKind kind) {
  switch (kind) {
    case StoreErrorKind::Busy:
    case StoreErrorKind::Constraint: return false;
    default: return true;
  }
}

StoreErrorKind kind_of_sqlite_code(int code) {
  switch (code & 0xFF) {
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
    case SQLITE_AUTH: return StoreErrorKind::CannotOpen;
    case SQLITE_NOTADB: return StoreErrorKind::NotADatabase;
    case SQLITE_READONLY: return StoreErrorKind::ReadOnly;
    case SQLITE_FULL: return StoreErrorKind::DiskFull;
    case SQLITE_IOERR: return StoreErrorKind::Io;
    case SQLITE_CORRUPT: return StoreErrorKind::Corrupt;
    case SQLITE_BUSY:
    case SQLITE_LOCKED: return StoreErrorKind::Busy;
    case SQLITE_CONSTRAINT:
    case SQLITE_MISMATCH:
    case SQLITE_TOOBIG: return StoreErrorKind::Constraint;
    default: return StoreErrorKind::Internal;
  }
}

}  // namespace pt::store

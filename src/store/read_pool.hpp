#pragma once
// DB_READ_POOL_SIZE read-only connections shared by the threads that query history (the
// dashboard, reports). acquire() hands one out exclusively and the lease gives it back; in WAL
// mode readers see the last committed state and never wait for the writer. Connections beyond
// the first are opened on demand: a replay that never reads history does not pay for them.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <filesystem>
#include <memory>
#include <mutex>
#include <vector>

#include "store/connection.hpp"

namespace pt::store {

class ReadPool {
 public:
  class Lease {
   public:
    Lease(Lease&& other) noexcept;
    Lease& operator=(Lease&&) = delete;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    ~Lease();
    Connection& operator*() const { return *connection_; }
    Connection* operator->() const { return connection_; }

   private:
    friend class ReadPool;
    Lease(ReadPool* pool, Connection* connection) : pool_(pool), connection_(connection) {}
    ReadPool* pool_;
    Connection* connection_;
  };

  // Opens one read-only connection to an existing database (so a bad file fails here), the
  // others up to size when needed. Throws StoreError.
  ReadPool(const std::filesystem::path& path, std::size_t size, std::chrono::milliseconds busy_timeout);
  ReadPool(const ReadPool&) = delete;
  ReadPool& operator=(const ReadPool&) = delete;

  // Waits up to timeout for a free connection; throws StoreError(Busy) when none came free.
  [[nodiscard]] Lease acquire(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] std::size_t available() const;  // free now, or not opened yet

 private:
  void release(Connection* connection);
  [[nodiscard]] Connection open_one() const;

  std::filesystem::path path_;
  std::chrono::milliseconds busy_timeout_;
  std::size_t size_;
  std::vector<std::unique_ptr<Connection>> connections_;  // opened so far
  std::size_t opening_ = 0;                               // being opened by acquire() outside the lock
  mutable std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<Connection*> free_;
};

}  // namespace pt::store

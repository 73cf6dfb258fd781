#pragma once
// DB_READ_POOL_SIZE read-only connections shared by the threads that query history (the
// dashboard, reports). acquire() hands one out exclusively and the lease gives it back; in WAL
// mode readers see the last committed state and never wait for the writer.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <filesystem>
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

  // Opens size read-only connections to an existing database. Throws StoreError.
  ReadPool(const std::filesystem::path& path, std::size_t size, std::chrono::milliseconds busy_timeout);
  ReadPool(const ReadPool&) = delete;
  ReadPool& operator=(const ReadPool&) = delete;

  // Waits up to timeout for a free connection; throws StoreError(Busy) when none came free.
  [[nodiscard]] Lease acquire(std::chrono::milliseconds timeout = std::chrono::seconds(10));
  [[nodiscard]] std::size_t size() const { return connections_.size(); }
  [[nodiscard]] std::size_t available() const;

 private:
  void release(Connection* connection);

  std::vector<Connection> connections_;
  mutable std::mutex mutex_;
  std::condition_variable returned_;
  std::vector<Connection*> free_;
};

}  // namespace pt::store

#include "store/read_pool.hpp"

#include <utility>

namespace pt::store {

ReadPool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)), connection_(std::exchange(other.connection_, nullptr)) {}

ReadPool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->release(connection_);
}

ReadPool::ReadPool(const std::filesystem::path& path, std::size_t size, std::chrono::milliseconds busy_timeout) {
  const std::size_t count = size == 0 ? 1 : size;
  connections_.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    connections_.push_back(Connection::open(path, OpenMode::ReadOnly, busy_timeout));
    // Reading the schema once here turns "not a database" into an error at open, not later.
    (void)connections_.back().query_int("SELECT COUNT(*) FROM sqlite_master");
  }
  for (Connection& connection : connections_) free_.push_back(&connection);
}

ReadPool::Lease ReadPool::acquire(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (!returned_.wait_for(lock, timeout, [&] { return !free_.empty(); })) {
    throw StoreError(StoreErrorKind::Busy, "all " + std::to_string(connections_.size()) +
                                               " database read connections stayed in use for " +
                                               std::to_string(timeout.count()) + " ms");
  }
  Connection* connection = free_.back();
  free_.pop_back();
  return Lease(this, connection);
}

std::size_t ReadPool::available() const {
  std::lock_guard lock(mutex_);
  return free_.size();
}

void ReadPool::release(Connection* connection) {
  {
    std::lock_guard lock(mutex_);
    free_.push_back(connection);
  }
  returned_.notify_one();
}

}  // namespace pt::store

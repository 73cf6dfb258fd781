#include "store/read_pool.hpp"

#include <utility>

namespace pt::store {

ReadPool::Lease::Lease(Lease&& other) noexcept
    : pool_(std::exchange(other.pool_, nullptr)), connection_(std::exchange(other.connection_, nullptr)) {}

ReadPool::Lease::~Lease() {
  if (pool_ != nullptr) pool_->release(connection_);
}

ReadPool::ReadPool(const std::filesystem::path& path, std::size_t size, std::chrono::milliseconds busy_timeout)
    : path_(path), busy_timeout_(busy_timeout), size_(size == 0 ? 1 : size) {
  connections_.reserve(size_);
  connections_.push_back(std::make_unique<Connection>(open_one()));
  free_.push_back(connections_.back().get());
}

Connection ReadPool::open_one() const {
  Connection connection = Connection::open(path_, OpenMode::ReadOnly, busy_timeout_);
  // Reading the schema once turns "not a database" into an error at open, not at first query.
  (void)connection.query_int("SELECT COUNT(*) FROM sqlite_master");
  return connection;
}

ReadPool::Lease ReadPool::acquire(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  if (free_.empty() && connections_.size() + opening_ < size_) {
    // Opening takes a moment: other threads may take or return connections meanwhile.
    ++opening_;
    lock.unlock();
    std::unique_ptr<Connection> opened;
    try {
      opened = std::make_unique<Connection>(open_one());
    } catch (...) {
      lock.lock();
      --opening_;
      throw;
    }
    lock.lock();
    --opening_;
    connections_.push_back(std::move(opened));  // heap objects: leased pointers stay valid
    return Lease(this, connections_.back().get());
  }
  if (!returned_.wait_for(lock, timeout, [&] { return !free_.empty(); })) {
    throw StoreError(StoreErrorKind::Busy, "all " + std::to_string(size_) +
                                               " database read connections stayed in use for " +
                                               std::to_string(timeout.count()) + " ms");
  }
  Connection* connection = free_.back();
  free_.pop_back();
  return Lease(this, connection);
}

std::size_t ReadPool::available() const {
  std::lock_guard lock(mutex_);
  return free_.size() + (size_ - connections_.size() - opening_);
}

void ReadPool::release(Connection* connection) {
  {
    std::lock_guard lock(mutex_);
    free_.push_back(connection);
  }
  returned_.notify_one();
}

}  // namespace pt::store

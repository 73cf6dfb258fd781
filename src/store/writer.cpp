#include "store/writer.hpp"

#include <pthread.h>
#include <time.h>

#include <future>
#include <type_traits>
#include <utility>
#include <variant>

#include "store/repositories/device_repository.hpp"
#include "store/repositories/dns_repository.hpp"
#include "store/repositories/flow_repository.hpp"
#include "store/repositories/geo_repository.hpp"
#include "store/repositories/hop_repository.hpp"
#include "store/repositories/port_repository.hpp"
#include "store/repositories/route_repository.hpp"
#include "store/repositories/session_repository.hpp"
#include "util/log.hpp"

namespace pt::store {

using Clock = std::chrono::steady_clock;

struct Writer::Repositories {
  explicit Repositories(Connection& c, const WriterSettings& s)
      : sessions(c),
        flows(c),
        ports(c),
        geo(c, s.geo_cache_ttl),
        dns(c, s.dns_cache_ttl),
        hops(c),
        devices(c),
        routes(c) {}
  repositories::SessionRepository sessions;
  repositories::FlowRepository flows;
  repositories::PortRepository ports;
  repositories::GeoRepository geo;
  repositories::DnsRepository dns;
  repositories::HopRepository hops;
  repositories::DeviceRepository devices;
  repositories::RouteRepository routes;
};

Writer::Writer(Connection connection, WriterSettings settings)
    : connection_(std::move(connection)),
      settings_(settings),
      repositories_(std::make_unique<Repositories>(connection_, settings_)),
      thread_([this] { run(); }) {}

Writer::~Writer() { stop(); }

// ---- producers -------------------------------------------------------------------------------

bool Writer::take_locked(WriteBatch::Added added) {
  switch (added) {
    case WriteBatch::Added::Full: ++stats_.dropped; return false;
    case WriteBatch::Added::Coalesced: ++stats_.coalesced; break;
    case WriteBatch::Added::Inserted:
      if (pending_.size() == 1) {
        oldest_ = Clock::now();
        wake_.notify_one();  // the thread sleeps without a deadline while nothing waits
      } else if (pending_.size() == settings_.batch_size) {
        wake_.notify_one();
      }
      break;
  }
  ++stats_.queued;
  ++accepted_seq_;
  return true;
}

template <typename Record>
bool Writer::take(Record&& record) {
  std::lock_guard lock(mutex_);
  if (stats_.failed || stopping_) {
    ++stats_.dropped;
    return false;
  }
  return take_locked(pending_.add(std::forward<Record>(record), pending_.size() >= settings_.max_pending));
}

template <typename Record>
std::size_t Writer::take_all(std::vector<Record>&& records) {
  std::lock_guard lock(mutex_);
  if (stats_.failed || stopping_) {
    stats_.dropped += records.size();
    return 0;
  }
  std::size_t taken = 0;
  for (Record& record : records) {
    taken += take_locked(pending_.add(std::move(record), pending_.size() >= settings_.max_pending)) ? 1U : 0U;
  }
  records.clear();
  return taken;
}

bool Writer::submit(FlowRecord record) { return take(std::move(record)); }
bool Writer::submit(ClassificationRecord record) { return take(std::move(record)); }
bool Writer::submit(PortRecord record) { return take(std::move(record)); }
bool Writer::submit(ScanRecord record) { return take(std::move(record)); }
bool Writer::submit(DeviceRecord record) { return take(std::move(record)); }
bool Writer::submit(GeoRecord record) { return take(std::move(record)); }
bool Writer::submit(DnsRecord record) { return take(std::move(record)); }
bool Writer::submit(NodeOwnership record) { return take(std::move(record)); }
bool Writer::submit(NsLookup record) { return take(std::move(record)); }
bool Writer::submit(TracerouteRecord record) { return take(OrderedWrite{std::move(record)}); }
bool Writer::submit(RoutePattern record) { return take(OrderedWrite{std::move(record)}); }
bool Writer::submit(RouteChange record) { return take(OrderedWrite{std::move(record)}); }
bool Writer::submit(AddressAnnotation record) { return take(OrderedWrite{std::move(record)}); }
std::size_t Writer::submit(std::vector<FlowRecord>&& records) { return take_all(std::move(records)); }
std::size_t Writer::submit(std::vector<ClassificationRecord>&& records) { return take_all(std::move(records)); }
std::size_t Writer::submit(std::vector<PortRecord>&& records) { return take_all(std::move(records)); }
std::size_t Writer::submit(std::vector<ScanRecord>&& records) { return take_all(std::move(records)); }
std::size_t Writer::submit(std::vector<DeviceRecord>&& records) { return take_all(std::move(records)); }

bool Writer::update_session(const SessionTotals& totals) { return take(SessionTotals(totals)); }
bool Writer::end_session(const SessionTotals& totals) { return take(OrderedWrite{SessionEnd{totals}}); }

SessionId Writer::start_session(const SessionRecord& session, util::Timestamp now) {
  auto done = std::make_shared<std::promise<SessionId>>();
  std::future<SessionId> result = done->get_future();
  {
    std::lock_guard lock(mutex_);
    if (stats_.failed || stopping_) {
      throw StoreError(StoreErrorKind::Stopped, stats_.failed ? "database writer stopped: " + stats_.failure
                                                              : std::string("database writer is shutting down"));
    }
    tasks_.emplace_back([this, done, session, now] {
      bool answered = false;
      try {
        Transaction transaction(connection_);
        const std::int64_t pruned = repositories_->sessions.prune(now - settings_.session_retention);
        const std::int64_t expired = repositories_->geo.purge_expired(now) + repositories_->dns.purge_expired(now);
        const SessionId id = repositories_->sessions.insert(session, now);
        // The id is ours once inserted under the write lock. The caller need not wait for the
        // commit, whose first write to a fresh WAL syncs its header (tens of ms on a busy
        // disk); its records queue behind the commit on this thread anyway.
        done->set_value(id);
        answered = true;
        transaction.commit();
        spdlog::info("store: session {} started ({} old sessions and {} expired cache rows pruned)", id.value, pruned,
                     expired);
      } catch (const StoreError& error) {
        // After the answer the session row is lost with the transaction: nothing more can be
        // written for it, so any failure there degrades the writer.
        if (answered || is_fatal(error.kind())) degrade(error, 0);
        if (!answered) done->set_exception(std::current_exception());
      } catch (const std::exception& error) {
        degrade(StoreError(StoreErrorKind::Internal, error.what()), 0);
        if (!answered) done->set_exception(std::current_exception());
      }
    });
    ++accepted_seq_;  // flush() after start_session() also waits for its commit
  }
  wake_.notify_one();
  return result.get();
}

bool Writer::flush(std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  const std::uint64_t target = accepted_seq_;
  flush_target_ = std::max(flush_target_, target);
  wake_.notify_one();
  const bool done = flushed_.wait_for(lock, timeout, [&] { return written_seq_ >= target || stats_.failed; });
  return done && !stats_.failed;
}

void Writer::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_one();
  if (thread_.joinable()) thread_.join();
}

WriterStats Writer::stats() const {
  std::lock_guard lock(mutex_);
  WriterStats out = stats_;
  out.pending = pending_.size();
  const auto now = Clock::now();
  auto oldest = now;
  if (!pending_.empty()) oldest = std::min(oldest, oldest_);
  if (inflight_) oldest = std::min(oldest, inflight_oldest_);
  out.lag = std::chrono::duration_cast<std::chrono::milliseconds>(now - oldest);
  out.cpu_time = std::chrono::nanoseconds(cpu_ns_.load(std::memory_order_relaxed));
  return out;
}

bool Writer::degraded() const {
  std::lock_guard lock(mutex_);
  return stats_.failed;
}

// ---- the writer thread -----------------------------------------------------------------------

bool Writer::wait_for_work(std::unique_lock<std::mutex>& lock) {
  while (true) {
    if (!tasks_.empty() || flush_target_ > written_seq_ || pending_.size() >= settings_.batch_size) return true;
    if (stopping_) return !pending_.empty();
    if (pending_.empty()) {
      wake_.wait(lock);
      continue;
    }
    const auto deadline = oldest_ + settings_.flush_interval;
    if (Clock::now() >= deadline) return true;
    wake_.wait_until(lock, deadline);
  }
}

void Writer::run() {
  pthread_setname_np(pthread_self(), "pt-store-writer");  // for top -H, perf, gdb
  std::unique_lock lock(mutex_);
  while (wait_for_work(lock)) {
    std::swap(pending_, spare_);  // spare_ now holds the batch; pending_ is empty
    const std::uint64_t covered = accepted_seq_;
    std::deque<Task> tasks;
    tasks.swap(tasks_);
    inflight_ = !spare_.empty();
    inflight_oldest_ = oldest_;
    lock.unlock();

    if (!spare_.empty()) write(spare_);
    spare_.clear();
    for (Task& task : tasks) task();
    record_cpu_time();

    lock.lock();
    inflight_ = false;
    written_seq_ = covered;
    flushed_.notify_all();
  }
  // Tasks that arrived while stopping still get their answer (an error).
  for (Task& task : tasks_) task();
  tasks_.clear();
  flushed_.notify_all();
}

void Writer::write(WriteBatch& batch) {
  const auto started = Clock::now();
  {
    std::lock_guard lock(mutex_);
    if (stats_.failed) {
      stats_.dropped += batch.size();
      return;
    }
  }
  std::uint64_t written = 0;
  std::uint64_t rejected = 0;
  try {
    Transaction transaction(connection_);
    write_rows(batch, written, rejected);
    transaction.commit();
  } catch (const StoreError& error) {
    repositories_->flows.forget_written();
    if (is_fatal(error.kind())) {
      degrade(error, batch.size());
    } else {
      // Another process held the write lock past the busy timeout: this batch is lost, the
      // writer goes on with the next one.
      spdlog::warn("store: dropped {} records: {}", batch.size(), error.what());
      std::lock_guard lock(mutex_);
      stats_.dropped += batch.size();
    }
    return;
  } catch (const std::exception& error) {
    // Out of memory or a bug: the thread must not take the capture down with it.
    repositories_->flows.forget_written();
    degrade(StoreError(StoreErrorKind::Internal, std::string("database writer failed: ") + error.what()), batch.size());
    return;
  }
  std::lock_guard lock(mutex_);
  stats_.written += written;
  stats_.rejected += rejected;
  stats_.dropped += rejected;
  ++stats_.flushes;
  stats_.last_flush_latency = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started);
}

namespace {

// Writes one row; a row the schema refuses is counted and skipped (the batch goes on), any
// other failure aborts the transaction.
template <typename Write>
void guarded(Write&& write, std::uint64_t& written, std::uint64_t& rejected) {
  try {
    write();
    ++written;
  } catch (const StoreError& error) {
    if (error.kind() != StoreErrorKind::Constraint) throw;
    if (rejected++ < 5) spdlog::warn("store: row rejected: {}", error.what());
  }
}

}  // namespace

void Writer::write_rows(WriteBatch& batch, std::uint64_t& written, std::uint64_t& rejected) {
  Repositories& r = *repositories_;
  const util::Timestamp now = util::wall_clock_now();
  auto each = [&](const auto& rows, auto&& write) {
    for (const auto& row : rows) guarded([&] { write(row.second); }, written, rejected);
  };
  each(batch.totals, [&](const SessionTotals& totals) { r.sessions.update_totals(totals, now); });
  each(batch.flows, [&](const FlowRecord& flow) { r.flows.upsert(flow); });
  each(batch.classifications, [&](const ClassificationRecord& c) { r.flows.upsert(c); });
  each(batch.ports, [&](const PortRecord& port) { r.ports.upsert(port); });
  each(batch.scans, [&](const ScanRecord& scan) { r.ports.upsert(scan); });
  each(batch.devices, [&](const DeviceRecord& device) { r.devices.upsert(device); });
  each(batch.geo, [&](const GeoRecord& geo) { r.geo.put(geo); });
  each(batch.dns, [&](const DnsRecord& dns) { r.dns.put(dns); });
  each(batch.ownership, [&](const NodeOwnership& owner) { r.devices.put(owner); });
  each(batch.ns, [&](const NsLookup& ns) { r.dns.put(ns); });
  // Events last and in order: an annotation then finds the flows this batch inserted.
  for (const OrderedWrite& write : batch.ordered) {
    guarded(
        [&] {
          std::visit(
              [&](const auto& w) {
                using T = std::decay_t<decltype(w)>;
                if constexpr (std::is_same_v<T, SessionEnd>) r.sessions.end(w.totals, now);
                if constexpr (std::is_same_v<T, TracerouteRecord>) (void)r.hops.insert(w);
                if constexpr (std::is_same_v<T, RoutePattern> || std::is_same_v<T, RouteChange>) r.routes.record(w);
                if constexpr (std::is_same_v<T, AddressAnnotation>) r.flows.annotate(w);
              },
              write);
        },
        written, rejected);
  }
}

void Writer::degrade(const StoreError& error, std::uint64_t lost) {
  std::lock_guard lock(mutex_);
  stats_.dropped += lost;
  if (stats_.failed) return;
  stats_.failed = true;
  stats_.failure_kind = error.kind();
  stats_.failure = error.what();
  spdlog::error("store: writer stopped, captures continue in memory only: {}", error.what());
}

void Writer::record_cpu_time() {
  timespec cpu{};
  if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &cpu) == 0) {
    cpu_ns_.store(static_cast<std::int64_t>(cpu.tv_sec) * 1'000'000'000 + cpu.tv_nsec, std::memory_order_relaxed);
  }
}

}  // namespace pt::store

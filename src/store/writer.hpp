#pragma once
// The one thread that writes to the database (spec DatabaseWriter). Producers (the capture
// thread through the app's outbox adapter, resolvers, the tracer) hand records over and return
// at once: no I/O and no waiting beyond a short mutex. The thread commits what is waiting in one
// transaction once DB_WRITE_BATCH_SIZE records wait or the oldest has waited DB_WRITE_FLUSH_MS.
// Updates of the same flow/port/... coalesce; when max_pending distinct records wait, new ones
// are dropped and counted. A failing disk never crashes anything: the writer degrades (stops
// writing, logs once, counts what it drops) and stats() says why.

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "store/connection.hpp"
#include "store/records.hpp"
#include "store/store_error.hpp"
#include "store/write_batch.hpp"

namespace pt::store {

struct WriterSettings {
  std::size_t batch_size = 100;                   // DB_WRITE_BATCH_SIZE
  std::chrono::milliseconds flush_interval{100};  // DB_WRITE_FLUSH_MS
  std::size_t max_pending = 250'000;              // distinct records waiting
  std::chrono::days session_retention{30};        // DB_SESSION_RETENTION_DAYS
  std::chrono::seconds geo_cache_ttl{86400};      // DB_GEO_CACHE_TTL
  std::chrono::seconds dns_cache_ttl{3600};       // DB_DNS_CACHE_TTL
};

struct WriterStats {
  std::uint64_t queued = 0;     // records accepted (coalesced ones included)
  std::uint64_t pending = 0;    // distinct records waiting now
  std::uint64_t written = 0;    // rows committed
  std::uint64_t coalesced = 0;  // updates that replaced a waiting one
  std::uint64_t dropped = 0;    // lost: queue full, busy database, or degraded writer
  std::uint64_t rejected = 0;   // rows the schema refused (constraint; also in dropped)
  std::uint64_t flushes = 0;    // committed transactions
  std::chrono::microseconds last_flush_latency{0};
  std::chrono::milliseconds lag{0};      // age of the oldest record not yet committed
  std::chrono::nanoseconds cpu_time{0};  // CPU used by the writer thread so far
  bool failed = false;                   // degraded: nothing more is written
  StoreErrorKind failure_kind = StoreErrorKind::Internal;
  std::string failure;  // what failed, for one clear warning
};

class Writer {
 public:
  // Takes the read-write connection (schema already migrated) and starts the thread.
  Writer(Connection connection, WriterSettings settings);
  Writer(const Writer&) = delete;
  Writer& operator=(const Writer&) = delete;
  ~Writer();  // stop()

  // Producers, any thread. True when taken (queued or coalesced), false when dropped.
  bool submit(FlowRecord record);
  bool submit(ClassificationRecord record);
  bool submit(PortRecord record);
  bool submit(ScanRecord record);
  bool submit(DeviceRecord record);
  bool submit(GeoRecord record);
  bool submit(DnsRecord record);
  bool submit(NodeOwnership record);
  bool submit(NsLookup record);
  bool submit(TracerouteRecord record);  // with its hops; updates path_summary
  bool submit(RoutePattern record);
  bool submit(RouteChange record);
  bool submit(AddressAnnotation record);
  // Many at once under one lock (the outbox adapter's per-tick batches). Returns how many taken.
  std::size_t submit(std::vector<FlowRecord>&& records);
  std::size_t submit(std::vector<ClassificationRecord>&& records);
  std::size_t submit(std::vector<PortRecord>&& records);
  std::size_t submit(std::vector<ScanRecord>&& records);
  std::size_t submit(std::vector<DeviceRecord>&& records);

  // Sessions. start_session waits for the writer: it prunes sessions older than the retention
  // and expired cache rows, inserts the session and returns its id (throws StoreError). It
  // returns before the commit (the first write of a WAL syncs to disk); records submitted
  // afterwards are committed after it, and flush() waits for it too.
  SessionId start_session(const SessionRecord& session, util::Timestamp now);
  bool update_session(const SessionTotals& totals);  // coalesced; newest wins
  bool end_session(const SessionTotals& totals);     // totals.at = end time

  // Waits until everything submitted before the call is committed. False on timeout or when
  // the writer is degraded (then stats().failure says why).
  bool flush(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // Commits everything still waiting and ends the thread. Idempotent.
  void stop();

  [[nodiscard]] WriterStats stats() const;
  [[nodiscard]] bool degraded() const;

 private:
  using Task = std::function<void()>;
  template <typename Record>
  bool take(Record&& record);
  template <typename Record>
  std::size_t take_all(std::vector<Record>&& records);
  bool take_locked(WriteBatch::Added added);

  void run();
  bool wait_for_work(std::unique_lock<std::mutex>& lock);
  void write(WriteBatch& batch);
  void write_rows(WriteBatch& batch, std::uint64_t& written, std::uint64_t& rejected);
  void degrade(const StoreError& error, std::uint64_t lost);
  void record_cpu_time();

  struct Repositories;  // the tables' statements, prepared once on connection_

  Connection connection_;
  WriterSettings settings_;
  std::unique_ptr<Repositories> repositories_;

  mutable std::mutex mutex_;
  std::condition_variable wake_;     // the writer thread waits here
  std::condition_variable flushed_;  // flush() callers wait here
  WriteBatch pending_;
  WriteBatch spare_;  // swapped in so the maps keep their buckets between flushes
  std::deque<Task> tasks_;
  std::chrono::steady_clock::time_point oldest_{};           // of pending_
  std::chrono::steady_clock::time_point inflight_oldest_{};  // of the batch being written
  bool inflight_ = false;
  std::uint64_t accepted_seq_ = 0;  // records taken so far
  std::uint64_t written_seq_ = 0;   // accepted_seq_ covered by finished flushes
  std::uint64_t flush_target_ = 0;  // flush() asks for written_seq_ >= this
  bool stopping_ = false;
  WriterStats stats_;
  std::atomic<std::int64_t> cpu_ns_{0};

  std::thread thread_;  // last: starts after everything above exists
};

}  // namespace pt::store

#pragma once
// One run's moving parts, built from the Config in dependency order and torn down in reverse:
// resolver (started first: its own traffic is filtered out of the capture), database and
// session, capture source, engine with its outboxes, trace service, the capture thread and a
// housekeeping thread (auto-trace offers, session totals). Missing optional pieces (database
// unwritable, no raw-socket privilege) become warnings; the run goes on without them.
// With a database the resolver reads and writes its durable caches (geo_cache, dns_cache)
// through it, and the trace service records into it (traceroutes, hops, route history).

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "app/capture_loop.hpp"
#include "app/config.hpp"
#include "app/outbox_fanout.hpp"
#include "app/resolver_bridge.hpp"
#include "app/store_resolve_cache.hpp"
#include "capture/source.hpp"
#include "engine/engine.hpp"
#include "resolve/resolver.hpp"
#include "store/database.hpp"
#include "trace/trace_service.hpp"

namespace pt::app {

class StoreOutbox;

struct PipelineOptions {
  bool collect_flows = false;  // keep every finished flow (batch reports)
  bool use_database = true;    // persist (dashboard, simple; reports only with --db)
  bool tracing = true;         // start the trace service
};

class Pipeline {
 public:
  // Throws capture::CaptureError when the source cannot be opened (one clear message).
  Pipeline(const Config& config, PipelineOptions options);
  ~Pipeline();
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Capture on a thread of its own (dashboard, simple); a replay concludes the engine at its end.
  void start_capture_thread();
  // Capture on the calling thread until the source ends or stops (reports).
  LoopResult run_capture();
  void stop_capture();
  [[nodiscard]] bool capture_finished() const { return capture_finished_.load(); }
  [[nodiscard]] std::optional<LoopResult> capture_result() const;
  // Stops the capture; every flow ends, the session closes, the writer drains. The resolver
  // stays up (a report still reads its answers) until the Pipeline goes.
  void finish();

  [[nodiscard]] engine::Engine& engine() { return *engine_; }
  [[nodiscard]] capture::Source& source() { return *source_; }
  [[nodiscard]] CaptureLoop& loop() { return *loop_; }
  [[nodiscard]] resolve::Resolver& resolver() { return *resolver_; }
  [[nodiscard]] trace::TraceService* tracer() { return tracer_.get(); }
  [[nodiscard]] store::Database* database() { return database_.get(); }
  [[nodiscard]] const FlowCollector& collected() const { return collector_; }
  [[nodiscard]] const Config& config() const { return config_; }
  // One line each: what is not working and why (no database, no traceroute, no geo data).
  [[nodiscard]] std::vector<std::string> warnings() const;
  // The database was asked for but could not be opened, or its writer stopped: the run's exit
  // status says so (1) even though the capture went on in memory.
  [[nodiscard]] bool database_failed() const;
  [[nodiscard]] std::int64_t session_id() const { return session_id_; }
  // The resolver's persistent cache (hits and rows saved), for the closing log line and tests.
  [[nodiscard]] StoreResolveCache::Counters resolve_cache_counters() const { return resolve_cache_.counters(); }

 private:
  void open_database();
  void open_tracer();
  void request_command_line_trace();
  void housekeeping();
  void update_session(bool ending);
  // What the resolver learned about the collected flows' addresses after they were written
  // (geo, names) goes into the session's flow rows, so a stored session reports what the live
  // report printed. Run when the Pipeline goes: a report has waited for the resolver by then.
  void persist_annotations();
  void add_warning(std::string text);

  Config config_;
  PipelineOptions options_;
  // Built before the resolver (which holds a pointer to it) and attached once the database is
  // open; detached before the database goes.
  StoreResolveCache resolve_cache_;
  std::unique_ptr<resolve::Resolver> resolver_;
  std::unique_ptr<store::Database> database_;
  std::int64_t session_id_ = 0;
  bool database_open_failed_ = false;
  std::unique_ptr<capture::Source> source_;
  ResolverOutbox resolver_outbox_;
  std::unique_ptr<StoreOutbox> store_outbox_;
  FlowCollector collector_;
  OutboxFanout outbox_;
  std::unique_ptr<engine::Engine> engine_;
  std::unique_ptr<CaptureLoop> loop_;
  ResolverHopAnnotator hop_annotator_;
  std::unique_ptr<trace::TraceSink> trace_sink_;
  std::unique_ptr<trace::TraceService> tracer_;

  mutable std::mutex mutex_;
  std::vector<std::string> warnings_;
  std::optional<LoopResult> result_;
  std::atomic<bool> capture_finished_{false};
  std::thread capture_thread_;
  std::condition_variable housekeeping_wake_;
  bool housekeeping_stop_ = false;
  std::thread housekeeping_thread_;
  bool finished_ = false;
};

}  // namespace pt::app

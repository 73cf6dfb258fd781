#pragma once
// Runs traceroutes on its own thread so the dashboard never waits for one: a bounded queue of
// targets (keys t/Enter/s/r, -t HOST) plus, optionally, the busiest public destinations seen in
// the traffic (AutoTracePolicy). Each trace is run by a Prober over the transport, its hops
// annotated through the HopAnnotator (and re-annotated while names are pending), its route
// compared with the last one known (here or in the TraceSink), and the outcome handed to the
// sink. Readers take immutable TraceSnapshots.
//
//   app/ui thread                      trace thread
//   request(), refresh(), clear() ──►  queue ──► Prober::run ──► annotate ──► route history ──► sink
//   offer_busiest()               ──►  policy ─┘                     │
//   snapshot() ◄──────────────── shared_ptr<const TraceSnapshot> ◄───┘ (also while running)

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <thread>
#include <vector>

#include "trace/auto_trace_policy.hpp"
#include "trace/hop_annotator.hpp"
#include "trace/probe_config.hpp"
#include "trace/probe_transport.hpp"
#include "trace/trace_sink.hpp"
#include "trace/trace_snapshot.hpp"

namespace pt::trace {

struct TraceServiceConfig {
  ProbeConfig probe;
  AutoTraceConfig auto_trace;
  std::size_t queue_capacity = 64;
  std::size_t max_targets = 64;           // targets kept in the snapshot; the oldest idle one goes first
  std::size_t changes_kept = 16;          // route changes kept per target in the snapshot
  std::chrono::seconds annotate_for{30};  // how long pending hop names are asked for again
};

struct TraceRequest {
  util::IpAddress target;
  std::string name;  // the host name as the user gave it, for display
  TraceOrigin origin = TraceOrigin::User;
  std::optional<ProbeProtocol> protocol;  // the service's probe protocol when unset
};

class TraceService {
 public:
  using WallClock = std::function<util::Timestamp()>;

  // Validates config.probe (throws TraceError(InvalidConfig)). annotator and sink must outlive
  // the service. Nothing runs until start().
  TraceService(TraceServiceConfig config, std::unique_ptr<ProbeTransport> transport, HopAnnotator& annotator,
               TraceSink& sink, WallClock wall_clock = util::wall_clock_now);
  ~TraceService();  // stop()
  TraceService(const TraceService&) = delete;
  TraceService& operator=(const TraceService&) = delete;

  // Starts the trace thread. Threads inherit the caller's network namespace.
  void start();
  // Cancels the running trace (its partial result is recorded as Cancelled) and joins. Idempotent.
  void stop();

  // Queues a trace; never blocks. A target already queued is not queued twice. False when the
  // queue is full (counted in TraceSnapshot::requests_dropped) or the service is stopped.
  bool request(TraceRequest request);
  // Queues every target in the snapshot again (Paths view 'r').
  void refresh();
  // Forgets every target and queued request (Paths view 'c'); a running trace finishes but is
  // not shown. The sink keeps its history.
  void clear();
  // The busiest destinations of the traffic, busiest first (the app calls this from engine
  // snapshots, as often as it likes). Used only when auto-trace is enabled.
  void offer_busiest(std::span<const util::IpAddress> destinations);

  [[nodiscard]] std::shared_ptr<const TraceSnapshot> snapshot() const;

 private:
  void run(std::stop_token stop);
  std::optional<TraceRequest> next_job(std::stop_token& stop);
  void run_job(const TraceRequest& request, std::stop_token stop);
  TraceResult trace_once(const TraceRequest& request, std::stop_token stop, std::uint64_t generation);
  void record(TraceResult result, std::uint64_t generation);
  void reannotate();
  TargetState& target_locked(const TraceRequest& request);
  void publish_locked();

  TraceServiceConfig config_;
  std::unique_ptr<ProbeTransport> transport_;
  HopAnnotator& annotator_;
  TraceSink& sink_;
  WallClock wall_clock_;

  mutable std::mutex mutex_;  // guards everything below
  std::condition_variable_any wake_;
  std::deque<TraceRequest> queue_;
  std::vector<util::IpAddress> busiest_;
  AutoTracePolicy policy_;
  std::vector<TargetState> targets_;
  std::uint64_t generation_ = 0;  // bumped by clear()
  std::uint64_t next_trace_id_ = 0;
  std::uint64_t completed_ = 0;
  std::uint64_t dropped_ = 0;
  std::optional<TraceErrorKind> error_kind_;
  std::string error_;
  std::uint64_t version_ = 0;
  std::shared_ptr<const TraceSnapshot> snapshot_;
  bool stopped_ = false;

  std::jthread thread_;  // last: joined before the members it uses are destroyed
};

}  // namespace pt::trace

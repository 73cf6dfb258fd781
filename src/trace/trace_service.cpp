#include "trace/trace_service.hpp"

#include <algorithm>

#include "trace/prober.hpp"
#include "util/log.hpp"

namespace pt::trace {
namespace {

// How often an idle service looks at pending names again.
constexpr auto kIdleTick = std::chrono::milliseconds(500);

bool counts_for_history(TraceStatus s) {
  return s == TraceStatus::Reached || s == TraceStatus::Unreachable || s == TraceStatus::NotReached;
}

// Runs a sink call; a failing store must not end the trace thread.
template <typename F>
void to_sink(const char* what, F&& f) {
  try {
    f();
  } catch (const std::exception& e) {
    spdlog::warn("trace sink: {} failed: {}", what, e.what());
  }
}

struct RouteUpdate {
  std::optional<RoutePattern> pattern;  // the route to keep, when the trace says anything about it
  std::optional<RouteChange> change;
};

// What a finished trace means for the destination's route history.
RouteUpdate route_update(const TraceResult& result, const std::optional<RoutePattern>& previous) {
  RouteUpdate u;
  if (!counts_for_history(result.status)) return u;
  auto observed = pattern_of(result);
  if (!observed.has_answers()) return u;
  if (previous) u.change = detect_route_change(*previous, observed, result.id);
  u.pattern = (previous && !u.change) ? merge_pattern(*previous, observed) : std::move(observed);
  return u;
}

}  // namespace

std::string_view to_string(TraceOrigin origin) {
  switch (origin) {
    case TraceOrigin::User: return "user";
    case TraceOrigin::CommandLine: return "command-line";
    case TraceOrigin::Auto: return "auto";
  }
  return "user";
}

std::string_view to_string(TargetPhase phase) {
  switch (phase) {
    case TargetPhase::Queued: return "queued";
    case TargetPhase::Running: return "running";
    case TargetPhase::Idle: return "idle";
  }
  return "idle";
}

TraceService::TraceService(TraceServiceConfig config, std::unique_ptr<ProbeTransport> transport,
                           HopAnnotator& annotator, TraceSink& sink, WallClock wall_clock)
    : config_(config),
      transport_(std::move(transport)),
      annotator_(annotator),
      sink_(sink),
      wall_clock_(std::move(wall_clock)),
      policy_(config_.auto_trace) {
  validate(config_.probe);
  std::lock_guard lock(mutex_);
  publish_locked();
}

TraceService::~TraceService() { stop(); }

void TraceService::start() {
  std::lock_guard lock(mutex_);
  if (thread_.joinable() || stopped_) return;
  thread_ = std::jthread([this](std::stop_token stop) { run(stop); });
}

void TraceService::stop() {
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
  }
  if (!thread_.joinable()) return;
  thread_.request_stop();
  transport_->interrupt();
  wake_.notify_all();
  thread_.join();
}

bool TraceService::request(TraceRequest request) {
  {
    std::lock_guard lock(mutex_);
    if (stopped_ || request.target.empty()) return false;
    const bool queued =
        std::any_of(queue_.begin(), queue_.end(), [&](const TraceRequest& r) { return r.target == request.target; });
    if (!queued) {
      if (queue_.size() >= config_.queue_capacity) {
        ++dropped_;
        publish_locked();
        return false;
      }
      auto& state = target_locked(request);
      if (state.phase != TargetPhase::Running) state.phase = TargetPhase::Queued;
      queue_.push_back(std::move(request));
      publish_locked();
    }
  }
  wake_.notify_all();
  return true;
}

void TraceService::refresh() {
  std::vector<TraceRequest> again;
  {
    std::lock_guard lock(mutex_);
    for (const auto& t : targets_) again.push_back({t.target, t.name, TraceOrigin::User, std::nullopt});
  }
  for (auto& r : again) request(std::move(r));
}

void TraceService::clear() {
  {
    std::lock_guard lock(mutex_);
    queue_.clear();
    targets_.clear();
    ++generation_;
    publish_locked();
  }
  wake_.notify_all();
}

void TraceService::offer_busiest(std::span<const util::IpAddress> destinations) {
  if (!config_.auto_trace.enabled) return;
  {
    std::lock_guard lock(mutex_);
    const auto n = std::min(destinations.size(), config_.auto_trace.candidates);
    busiest_.assign(destinations.begin(), destinations.begin() + static_cast<std::ptrdiff_t>(n));
  }
  wake_.notify_all();
}

std::shared_ptr<const TraceSnapshot> TraceService::snapshot() const {
  std::lock_guard lock(mutex_);
  return snapshot_;
}

TargetState& TraceService::target_locked(const TraceRequest& request) {
  auto it =
      std::find_if(targets_.begin(), targets_.end(), [&](const TargetState& t) { return t.target == request.target; });
  if (it != targets_.end()) {
    if (it->name.empty()) it->name = request.name;
    return *it;
  }
  if (targets_.size() >= config_.max_targets) {
    const auto idle = std::find_if(targets_.begin(), targets_.end(),
                                   [](const TargetState& t) { return t.phase == TargetPhase::Idle; });
    if (idle != targets_.end()) targets_.erase(idle);
  }
  TargetState state;
  state.target = request.target;
  state.name = request.name;
  state.origin = request.origin;
  state.summary.destination = request.target;
  targets_.push_back(std::move(state));
  return targets_.back();
}

void TraceService::publish_locked() {
  auto s = std::make_shared<TraceSnapshot>();
  s->version = ++version_;
  s->targets = targets_;
  s->queued = queue_.size();
  s->traces_completed = completed_;
  s->requests_dropped = dropped_;
  s->auto_trace = config_.auto_trace.enabled;
  s->error_kind = error_kind_;
  s->error = error_;
  snapshot_ = std::move(s);
}

void TraceService::run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    if (auto job = next_job(stop)) {
      run_job(*job, stop);
    } else {
      reannotate();
    }
  }
}

std::optional<TraceRequest> TraceService::next_job(std::stop_token& stop) {
  std::unique_lock lock(mutex_);
  auto auto_pick = [&] { return policy_.pick(busiest_, std::chrono::steady_clock::now()); };
  wake_.wait_for(lock, stop, kIdleTick, [&] { return !queue_.empty() || auto_pick().has_value(); });
  if (stop.stop_requested()) return std::nullopt;
  if (!queue_.empty()) {
    auto job = std::move(queue_.front());
    queue_.pop_front();
    return job;
  }
  if (auto target = auto_pick()) return TraceRequest{*target, {}, TraceOrigin::Auto, std::nullopt};
  return std::nullopt;
}

void TraceService::run_job(const TraceRequest& request, std::stop_token stop) {
  std::uint64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    generation = generation_;
    policy_.traced(request.target, std::chrono::steady_clock::now(), request.origin == TraceOrigin::Auto);
    auto& state = target_locked(request);
    state.phase = TargetPhase::Running;
    state.current.reset();
    publish_locked();
  }
  record(trace_once(request, stop, generation), generation);
}

TraceResult TraceService::trace_once(const TraceRequest& request, std::stop_token stop, std::uint64_t generation) {
  auto probe = config_.probe;
  if (request.protocol) probe.protocol = *request.protocol;
  const auto started = wall_clock_();
  auto show_progress = [&](const TraceResult& partial) {
    auto copy = std::make_shared<TraceResult>(partial);
    copy->target_name = request.name;
    annotate_hops(*copy, annotator_);
    std::lock_guard lock(mutex_);
    if (generation != generation_) return;
    auto& state = target_locked(request);
    state.current = std::move(copy);
    publish_locked();
  };
  TraceResult result;
  try {
    Prober prober(*transport_, probe);
    result = prober.run(request.target, started, stop, show_progress);
  } catch (const TraceError& e) {
    spdlog::warn("trace to {} failed: {}", request.target.to_string(), e.what());
    result.target = request.target;
    result.protocol = probe.protocol;
    result.started = result.finished = started;
    result.status = TraceStatus::Failed;
    result.error = e.what();
    std::lock_guard lock(mutex_);
    error_kind_ = e.kind();
    error_ = e.what();
  }
  result.target_name = request.name;
  annotate_hops(result, annotator_);
  return result;
}

void TraceService::record(TraceResult result, std::uint64_t generation) {
  std::optional<RoutePattern> previous;
  const TraceRequest key{result.target, result.target_name, TraceOrigin::User, std::nullopt};
  {
    std::lock_guard lock(mutex_);
    result.id = ++next_trace_id_;
    if (generation == generation_) previous = target_locked(key).pattern;
  }
  if (!previous) to_sink("last_pattern", [&] { previous = sink_.last_pattern(result.target); });

  const auto [pattern, change] = route_update(result, previous);
  std::shared_ptr<const TraceResult> finished;
  PathSummary summary;
  {
    std::lock_guard lock(mutex_);
    const bool shown = generation == generation_;
    TargetState scratch;  // the target was cleared while it ran: record, but do not show
    auto& state = shown ? target_locked(key) : scratch;
    if (change) {
      state.summary.reset();  // a new route starts new statistics: a changed path is not loss
      state.changes.push_back(*change);
      if (state.changes.size() > config_.changes_kept) state.changes.erase(state.changes.begin());
    }
    if (pattern) state.pattern = pattern;
    state.summary.destination = result.target;
    state.summary.add(result);
    summary = state.summary;
    if (result.status != TraceStatus::Failed && result.status != TraceStatus::Cancelled) {
      error_kind_.reset();
      error_.clear();
    }
    ++completed_;
    finished = std::make_shared<const TraceResult>(std::move(result));
    state.latest = finished;
    state.current.reset();
    const bool again =
        std::any_of(queue_.begin(), queue_.end(), [&](const TraceRequest& r) { return r.target == key.target; });
    state.phase = again ? TargetPhase::Queued : TargetPhase::Idle;
    ++state.runs;
    publish_locked();
  }
  // The sink is called outside the lock: a slow store never holds up snapshot().
  // Named references: lambdas may not capture structured bindings before C++20 in clang 14.
  const auto& changed = change;
  const auto& observed = pattern;
  if (changed) to_sink("route_changed", [&] { sink_.route_changed(*changed); });
  if (observed) to_sink("pattern_observed", [&] { sink_.pattern_observed(*observed); });
  to_sink("trace_finished", [&] { sink_.trace_finished(*finished, summary); });
}

void TraceService::reannotate() {
  std::vector<std::shared_ptr<const TraceResult>> pending;
  const auto now = wall_clock_();
  {
    std::lock_guard lock(mutex_);
    for (const auto& t : targets_) {
      if (t.latest && has_pending_names(*t.latest) && now - t.latest->finished < config_.annotate_for) {
        pending.push_back(t.latest);
      }
    }
  }
  for (const auto& old : pending) {
    auto fresh = std::make_shared<TraceResult>(*old);
    if (!annotate_hops(*fresh, annotator_)) continue;
    std::lock_guard lock(mutex_);
    for (auto& t : targets_) {
      if (t.latest == old) t.latest = fresh;
    }
    publish_locked();
  }
}

}  // namespace pt::trace

#include "app/pipeline.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <unordered_set>

#include "app/engine_config.hpp"
#include "app/signals.hpp"
#include "app/sources.hpp"
#include "app/store_outbox.hpp"
#include "app/store_settings.hpp"
#include "app/store_trace_sink.hpp"
#include "app/trace_command.hpp"
#include "store/store_error.hpp"
#include "trace/memory_trace_sink.hpp"
#include "trace/raw_socket_transport.hpp"
#include "trace/trace_error.hpp"

namespace pt::app {
namespace {

store::GeoInfo to_store_geo(const resolve::HostAnnotation& a) {
  store::GeoInfo g;
  g.country = a.geo.country;
  g.country_code = a.geo.country_code;
  g.city = a.geo.city;
  g.asn = a.geo.asn != 0 ? a.geo.asn : a.ownership.asn;
  g.as_name = !a.geo.as_org.empty() ? a.geo.as_org : a.ownership.as_name;
  if (g.city.empty() && !a.local_label.empty()) g.city = a.local_label;
  return g;
}

store::HostNames to_store_names(const resolve::HostAnnotation& a) {
  return {a.display.fqdn, a.display.hostname, a.display.domain};
}

std::string combined_filter(const std::string& user, const std::string& exclusion) {
  if (exclusion.empty()) return user;
  if (user.empty()) return exclusion;
  return "(" + user + ") and (" + exclusion + ")";
}

}  // namespace

Pipeline::Pipeline(const Config& config, PipelineOptions options)
    : config_(config),
      options_(options),
      // Without a database to come, no persistent cache: PTR lookups skip the local worker.
      resolver_(std::make_unique<resolve::Resolver>(
          make_resolver_config(config), options.use_database && config.store.enabled ? &resolve_cache_ : nullptr)),
      resolver_outbox_(*resolver_),
      hop_annotator_(*resolver_) {
  resolver_->start();  // before the capture: the online provider's traffic must be filtered out
  for (auto& notice : resolver_->notices()) add_warning(std::move(notice));
  Config capture_config = config_;
  capture_config.capture.filter = combined_filter(config_.capture.filter, resolver_->capture_exclusion_filter());
  source_ = open_source(capture_config);  // throws CaptureError
  if (options_.use_database && config_.store.enabled) open_database();

  outbox_.add(resolver_outbox_);
  if (options_.collect_flows) outbox_.add(collector_);
  engine_ = std::make_unique<engine::Engine>(make_engine_config(config_), outbox_);
  if (store_outbox_) {
    store_outbox_->set_labels(engine_->snapshot()->labels);
    store_outbox_->set_enrich([this](store::FlowRecord& r) {
      const auto src = resolver_->annotate(r.src, false);
      const auto dst = resolver_->annotate(r.dst, false);
      r.src_geo = to_store_geo(src);
      r.dst_geo = to_store_geo(dst);
      r.src_names = to_store_names(src);
      r.dst_names = to_store_names(dst);
    });
    outbox_.add(*store_outbox_);
  }
  loop_ = std::make_unique<CaptureLoop>(
      *source_, *engine_,
      LoopOptions{.duration_seconds = config_.capture.duration_seconds, .replay_speed = config_.capture.replay_speed});
  if (options_.tracing) open_tracer();
  housekeeping_thread_ = std::thread([this] { housekeeping(); });
}

Pipeline::~Pipeline() {
  try {
    finish();
    if (options_.collect_flows) persist_annotations();
  } catch (const std::exception& e) {
    spdlog::error("shutdown: {}", e.what());
  }
  resolver_->stop();  // answers still in flight reach the database before it closes
  resolve_cache_.detach();
  const auto c = resolve_cache_.counters();
  if (database_) {
    spdlog::info("persistent resolve cache: {} geo hits, {} name hits, {} misses, {} rows saved, {} read errors",
                 c.geo_hits, c.host_hits, c.misses, c.saved, c.errors);
  }
}

void Pipeline::add_warning(std::string text) {
  spdlog::warn("{}", text);
  std::lock_guard lock(mutex_);
  warnings_.push_back(std::move(text));
}

std::vector<std::string> Pipeline::warnings() const {
  std::lock_guard lock(mutex_);
  auto out = warnings_;
  if (database_ && database_->writable()) {
    const auto stats = database_->writer().stats();
    if (stats.failed) out.push_back("database writes stopped: " + stats.failure);
  }
  return out;
}

void Pipeline::open_database() {
  const auto settings = make_store_settings(config_);
  try {
    database_ = store::Database::open(settings);
    store::SessionRecord session;
    session.source_kind = source_->is_live() ? store::SourceKind::Interface : store::SourceKind::File;
    session.source = source_->description();
    session.filter = config_.capture.filter;
    session.app_version = PT_VERSION;
    const auto now = util::wall_clock_now();
    session.started_at = now;
    const auto id = database_->writer().start_session(session, now);
    session_id_ = id.value;
    store_outbox_ = std::make_unique<StoreOutbox>(database_->writer(), id);
    resolve_cache_.attach(*database_);
    spdlog::info("database {}: session {}", settings.path.string(), session_id_);
  } catch (const store::StoreError& e) {
    database_.reset();
    database_open_failed_ = true;
    add_warning(std::string("database unavailable, keeping everything in memory: ") + e.what());
  }
}

bool Pipeline::database_failed() const {
  if (database_open_failed_) return true;
  return database_ && database_->writable() && database_->writer().stats().failed;
}

void Pipeline::open_tracer() {
  try {
    trace::RawSocketTransport::check_privilege();
  } catch (const trace::TraceError& e) {
    add_warning(std::string("traceroute unavailable: ") + e.what());
    return;
  }
  trace::TraceServiceConfig tc;
  const auto report = trace_report_options(config_);
  tc.probe = report.probe;
  tc.auto_trace.enabled = config_.trace.auto_trace;
  if (config_.trace.auto_trace_per_minute > 0) {
    tc.auto_trace.interval = std::chrono::seconds(std::max(1, 60 / config_.trace.auto_trace_per_minute));
  }
  if (database_ && database_->writable()) {
    trace_sink_ = std::make_unique<StoreTraceSink>(*database_, store::SessionId{session_id_});
  } else {
    trace_sink_ = std::make_unique<trace::MemoryTraceSink>();
  }
  tracer_ = std::make_unique<trace::TraceService>(tc, std::make_unique<trace::RawSocketTransport>(), hop_annotator_,
                                                  *trace_sink_);
  tracer_->start();
  request_command_line_trace();
}

void Pipeline::request_command_line_trace() {
  if (!config_.trace.target || !tracer_) return;
  const auto resolved = resolve_trace_target(*config_.trace.target);
  if (resolved.address.empty()) {
    add_warning("cannot trace " + *config_.trace.target + ": " + resolved.error);
    return;
  }
  tracer_->request({resolved.address, *config_.trace.target, trace::TraceOrigin::CommandLine, std::nullopt});
}

// Once a second: a fresh snapshot for the busiest destinations (auto-trace) and the session's
// running totals. Never on the capture thread, never blocking it.
void Pipeline::housekeeping() {
  std::unique_lock lock(mutex_);
  while (!housekeeping_stop_) {
    housekeeping_wake_.wait_for(lock, std::chrono::seconds(1));
    if (housekeeping_stop_) break;
    lock.unlock();
    engine_->request_snapshot();
    if (tracer_ && config_.trace.auto_trace) {
      const auto snapshot = engine_->snapshot();
      std::vector<std::pair<std::uint64_t, util::IpAddress>> by_bytes;
      for (const auto& f : snapshot->flows) {
        if (f.dst.is_public()) by_bytes.emplace_back(f.bytes(), f.dst);
      }
      std::sort(by_bytes.begin(), by_bytes.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
      std::vector<util::IpAddress> busiest;
      for (const auto& [bytes, address] : by_bytes) {
        if (std::find(busiest.begin(), busiest.end(), address) == busiest.end()) busiest.push_back(address);
        if (busiest.size() >= 5) break;
      }
      tracer_->offer_busiest(busiest);
    }
    update_session(false);
    lock.lock();
  }
}

void Pipeline::update_session(bool ending) {
  if (!database_ || session_id_ == 0) return;
  const auto snapshot = engine_->snapshot();
  store::SessionTotals totals;
  totals.session = store::SessionId{session_id_};
  totals.at = util::wall_clock_now();
  totals.packets = snapshot->decode.packets;
  totals.bytes = snapshot->decode.bytes;
  totals.flows = snapshot->flow_table.created;
  totals.dropped = source_->counters().kernel_dropped;
  if (ending) {
    database_->writer().end_session(totals);
  } else {
    database_->writer().update_session(totals);
  }
}

void Pipeline::start_capture_thread() {
  SignalScope::watch(source_.get());
  capture_thread_ = std::thread([this] {
    const auto result = loop_->run();
    // A replay that reached its end stays on screen: decide pending classifications now.
    if (!result.error) engine_->conclude();
    {
      std::lock_guard lock(mutex_);
      result_ = result;
    }
    if (result.error) add_warning(result.message);
    capture_finished_.store(true);
  });
}

LoopResult Pipeline::run_capture() {
  SignalScope::watch(source_.get());
  auto result = loop_->run();
  SignalScope::watch(nullptr);
  {
    std::lock_guard lock(mutex_);
    result_ = result;
  }
  capture_finished_.store(true);
  return result;
}

void Pipeline::stop_capture() {
  loop_->stop();
  if (capture_thread_.joinable()) capture_thread_.join();
  SignalScope::watch(nullptr);
}

std::optional<LoopResult> Pipeline::capture_result() const {
  std::lock_guard lock(mutex_);
  return result_;
}

void Pipeline::finish() {
  if (finished_) return;
  finished_ = true;
  stop_capture();
  {
    std::lock_guard lock(mutex_);
    housekeeping_stop_ = true;
  }
  housekeeping_wake_.notify_all();
  if (housekeeping_thread_.joinable()) housekeeping_thread_.join();
  if (tracer_) tracer_->stop();
  engine_->finish();  // every flow's final row reaches the outboxes
  update_session(true);
  if (database_ && database_->writable()) database_->writer().flush();
}

void Pipeline::persist_annotations() {
  if (!database_ || !database_->writable() || session_id_ == 0) return;
  const auto& flows = collector_.flows();
  std::unordered_set<util::IpAddress> seen;
  const store::SessionId session{session_id_};
  for (const auto& f : flows) {
    for (const auto* address : {&f.src, &f.dst}) {
      if (!seen.insert(*address).second) continue;
      const auto a = resolver_->annotate(*address, false);
      store::AddressAnnotation note{.session = session, .ip = *address, .geo = std::nullopt, .names = std::nullopt};
      if (auto geo = to_store_geo(a); !geo.empty()) note.geo = std::move(geo);
      if (auto names = to_store_names(a); !names.empty()) note.names = std::move(names);
      if (note.geo || note.names) database_->writer().submit(std::move(note));
    }
  }
  database_->writer().flush();
}

}  // namespace pt::app

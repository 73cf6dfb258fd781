#include "app/dashboard_source.hpp"

#include <fmt/format.h>

namespace pt::app {
namespace {

using resolve::LookupState;

ui::Lookup name_state(const resolve::HostAnnotation& a, bool active) {
  if (a.scope != util::AddressScope::Public) return ui::Lookup::Local;
  if (!a.display.fqdn.empty()) return ui::Lookup::Found;
  switch (a.ptr_state) {
    case LookupState::Pending: return ui::Lookup::Pending;
    case LookupState::Ready:
    case LookupState::Failed: return ui::Lookup::Missing;
    case LookupState::None: break;
  }
  return active ? ui::Lookup::Pending : ui::Lookup::Off;
}

ui::Lookup geo_state(const resolve::HostAnnotation& a) {
  if (a.scope != util::AddressScope::Public) return ui::Lookup::Local;
  switch (a.geo_state) {
    case LookupState::Pending: return ui::Lookup::Pending;
    case LookupState::Ready:
      return a.geo.country_code.empty() && a.geo.city.empty() ? ui::Lookup::Missing : ui::Lookup::Found;
    case LookupState::Failed: return ui::Lookup::Missing;
    case LookupState::None: break;
  }
  return ui::Lookup::Off;
}

ui::Lookup owner_state(const resolve::HostAnnotation& a) {
  if (a.scope != util::AddressScope::Public) return ui::Lookup::Local;
  if (a.geo.asn != 0 || a.ownership.asn != 0 || !a.ownership.org.empty()) return ui::Lookup::Found;
  if (a.geo_state == LookupState::Pending || a.whois_state == LookupState::Pending) return ui::Lookup::Pending;
  if (a.geo_state == LookupState::None) return ui::Lookup::Off;
  return ui::Lookup::Missing;
}

ui::TraceState trace_state(const trace::TargetState& t) {
  switch (t.phase) {
    case trace::TargetPhase::Queued: return ui::TraceState::Queued;
    case trace::TargetPhase::Running: return ui::TraceState::Running;
    case trace::TargetPhase::Idle: break;
  }
  const auto* shown = t.shown();
  return shown != nullptr && shown->status == trace::TraceStatus::Failed ? ui::TraceState::Failed
                                                                         : ui::TraceState::Done;
}

ui::TraceView trace_view(const trace::TargetState& t) {
  ui::TraceView v;
  v.target = t.target;
  v.target_name = t.name;
  v.state = trace_state(t);
  const auto* shown = t.shown();
  if (shown == nullptr) return v;
  v.error = shown->error;
  v.started = shown->started;
  v.reached = shown->reached();
  for (const auto& hop : shown->hops) {
    ui::HopView h;
    h.ttl = hop.ttl.value;
    if (const auto* primary = hop.primary()) h.address = primary->address;
    for (const auto& probe : hop.probes) {
      ++h.probes_sent;
      if (probe.answered) {
        h.rtts.push_back(std::chrono::duration_cast<std::chrono::microseconds>(probe.rtt));
      } else {
        ++h.probes_lost;
      }
    }
    v.hops.push_back(std::move(h));
  }
  return v;
}

std::vector<std::optional<util::IpAddress>> hop_list(const std::vector<util::IpAddress>& hops) {
  std::vector<std::optional<util::IpAddress>> out;
  out.reserve(hops.size());
  for (const auto& h : hops) out.push_back(h.empty() ? std::nullopt : std::optional(h));
  return out;
}

std::string as_path_text(const std::vector<std::uint32_t>& path) {
  std::string text;
  for (auto asn : path) text += (text.empty() ? "AS" : " AS") + std::to_string(asn);
  return text.empty() ? "?" : text;
}

void add_changes(const trace::TargetState& t, ui::PathsModel& model) {
  for (auto it = t.changes.rbegin(); it != t.changes.rend(); ++it) {
    const auto& change = *it;
    ui::RouteHistoryEntry previous;
    previous.target = t.target;
    previous.hops = hop_list(change.before);
    previous.last_seen = change.detected_at;
    model.history.push_back(std::move(previous));
    const bool as_changed = change.as_path_before != change.as_path_after;
    for (const auto& hop : change.hops) {
      ui::RouteChangeView v;
      v.target = t.target;
      v.when = change.detected_at;
      v.ttl = hop.ttl.value;
      if (!hop.before.empty()) v.before = hop.before;
      if (!hop.after.empty()) v.after = hop.after;
      v.description = std::string(trace::to_string(hop.kind)) + " hop";
      if (as_changed) {
        v.description +=
            ", AS path " + as_path_text(change.as_path_before) + " -> " + as_path_text(change.as_path_after);
      }
      model.changes.push_back(std::move(v));
    }
  }
}

}  // namespace

PipelineDashboardSource::PipelineDashboardSource(Pipeline& pipeline) : pipeline_(pipeline) {}

engine::SnapshotPtr PipelineDashboardSource::snapshot() {
  if (paused_ && frozen_) return frozen_;
  pipeline_.engine().request_snapshot();
  return pipeline_.engine().snapshot();
}

ui::HostLabel PipelineDashboardSource::annotate(const util::IpAddress& address) {
  auto& resolver = pipeline_.resolver();
  const auto a = resolver.annotate(address);
  ui::HostLabel label;
  label.name_state = name_state(a, resolver.enabled());
  label.fqdn = a.display.fqdn;
  label.domain = a.display.domain;
  label.geo_state = geo_state(a);
  label.country_code = a.geo.country_code;
  label.country = a.geo.country;
  label.city = a.geo.city;
  label.owner_state = owner_state(a);
  label.asn = a.geo.asn != 0 ? a.geo.asn : a.ownership.asn;
  label.as_name =
      !a.geo.as_org.empty() ? a.geo.as_org : (!a.ownership.isp.empty() ? a.ownership.isp : a.ownership.as_name);
  return label;
}

ui::CaptureStatus PipelineDashboardSource::status() {
  auto& source = pipeline_.source();
  ui::CaptureStatus s;
  s.mode = source.is_live() ? ui::CaptureMode::Live : ui::CaptureMode::Replay;
  s.source = source.description();
  s.filter = pipeline_.config().capture.filter;
  s.paused = paused_;
  s.finished = !source.is_live() && pipeline_.capture_finished();
  s.replay_progress = source.progress().value_or(0.0);
  const auto counters = source.counters();
  s.kernel_drops = counters.kernel_dropped + counters.interface_dropped;
  if (auto* db = pipeline_.database(); db != nullptr && db->writable()) {
    const auto w = db->writer().stats();
    s.database = !w.failed;
    s.db_queue = w.pending;
    s.db_lag = w.lag;
    s.db_dropped = w.dropped;
  }
  const auto r = pipeline_.resolver().stats();
  s.resolver_queue = r.geo_pending + r.ptr_pending + r.whois_pending;
  s.tracing_available = pipeline_.tracer() != nullptr;
  s.warnings = pipeline_.warnings();
  if (auto* tracer = pipeline_.tracer()) {
    if (const auto snap = tracer->snapshot(); snap && !snap->error.empty()) s.warnings.push_back(snap->error);
  }
  return s;
}

ui::PathsModel PipelineDashboardSource::paths() {
  ui::PathsModel model;
  auto* tracer = pipeline_.tracer();
  if (tracer == nullptr) return model;
  const auto snap = tracer->snapshot();
  if (!snap) return model;
  for (auto it = snap->targets.rbegin(); it != snap->targets.rend(); ++it) {
    const auto& t = *it;
    model.traces.push_back(trace_view(t));
    if (t.pattern) {
      ui::RouteHistoryEntry current;
      current.target = t.target;
      current.hops = hop_list(t.pattern->hops);
      current.first_seen = t.pattern->first_seen;
      current.last_seen = t.pattern->last_seen;
      current.times_seen = t.pattern->times_seen;
      current.current = true;
      model.history.push_back(std::move(current));
    }
    add_changes(t, model);
  }
  return model;
}

std::vector<ui::CacheStats> PipelineDashboardSource::cache_stats() {
  const auto r = pipeline_.resolver().stats();
  auto entry = [](std::string name, const util::CacheStats& c) {
    return ui::CacheStats{std::move(name), c.size, c.capacity, c.hits, c.misses};
  };
  std::vector<ui::CacheStats> out{entry("geo", r.geo_cache), entry("dns", r.host_cache), entry("owner", r.whois_cache)};
  out.push_back(ui::CacheStats{"passive names", r.passive_addresses, 0, r.passive_names, 0});
  return out;
}

void PipelineDashboardSource::set_paused(bool paused) {
  paused_ = paused;
  frozen_ = paused ? pipeline_.engine().snapshot() : nullptr;
  pipeline_.loop().set_paused(paused);  // a replay stops reading; a live capture keeps counting
}

void PipelineDashboardSource::request_trace(const util::IpAddress& target) {
  if (auto* tracer = pipeline_.tracer()) tracer->request({target, {}, trace::TraceOrigin::User, std::nullopt});
}

void PipelineDashboardSource::refresh_traces() {
  if (auto* tracer = pipeline_.tracer()) tracer->refresh();
}

void PipelineDashboardSource::clear_traces() {
  if (auto* tracer = pipeline_.tracer()) tracer->clear();
}

}  // namespace pt::app

#include "engine/engine.hpp"

namespace pt::engine {

Engine::Engine(const EngineConfig& config, Outbox& outbox)
    : config_(config),
      outbox_(outbox),
      classifier_(config.classifier),
      flows_(config.flows, *this),
      traffic_(config.traffic),
      ports_(config.ports),
      scans_(config.scans),
      hops_(config.hops),
      devices_(config.devices),
      names_(config.names_per_tick) {
  changed_flows_.reserve(1024);
  new_addresses_.reserve(1024);
  auto empty = std::make_shared<Snapshot>();
  empty->labels = classifier_.labels();
  empty->flow_table.capacity = config_.flows.capacity;
  empty->classifier.dpi_enabled = config_.classifier.dpi_enabled;
  latest_ = std::move(empty);
}

Engine::~Engine() {
  // Flows still holding nDPI state give it back before the classifier goes away.
  flows_.for_each([&](FlowEntry& e) { classifier_.finish(e.classifier, e.row); });
}

void Engine::ingest(const packet::Packet& p) {
  if (!started_) {
    started_ = true;
    first_packet_ = p.timestamp;
    clock_ = p.timestamp;
    next_tick_ = p.timestamp + config_.tick_interval;
  }
  if (p.timestamp > clock_) clock_ = p.timestamp;
  decode_.record(p);

  const auto update = flows_.update(p);
  FlowContext context{update.entry != nullptr ? &update.entry->row : nullptr, update.from_initiator, update.created};
  if (update.entry != nullptr) {
    auto& row = update.entry->row;
    classifier_.on_packet(update.entry->classifier, row, p, update.from_initiator);
    if (update.created) announce_addresses(row);
  }
  traffic_.record(p);
  ports_.record(p, context);
  scans_.record(p, context);
  hops_.record(p, context);
  devices_.record(p, context);
  names_.observe(p, update.entry, update.from_initiator);
  // nDPI reads SNIs we cannot (QUIC's encrypted Initial, a ClientHello spread over segments).
  if (update.entry != nullptr && !update.entry->names_observed) {
    if (const auto source = Classifier::responder_name_source(update.entry->row.classification)) {
      names_.observe_server_name(*update.entry, *source, p.timestamp);
    }
  }

  if (clock_ >= next_tick_) tick(clock_);
}

void Engine::announce_addresses(const FlowRow& row) {
  for (const auto* address : {&row.src, &row.dst}) {
    if (address->is_public() && announced_.insert(*address)) new_addresses_.push_back(*address);
  }
}

void Engine::on_flow_end(FlowEntry& entry, FlowEnd why) {
  classifier_.finish(entry.classifier, entry.row);
  classifier_.update_traits(entry.row, clock_);
  ended_flows_[static_cast<std::size_t>(why)].push_back(entry.row);
}

void Engine::tick(util::Timestamp now) {
  if (now > clock_) clock_ = now;
  flows_.expire(clock_);
  traffic_.advance(clock_);
  ports_.advance(clock_);
  scans_.advance(clock_);
  devices_.advance(clock_);
  flush_outbox(clock_);
  if (publish_every_tick_ || snapshot_requested_.exchange(false, std::memory_order_relaxed)) publish();
  next_tick_ = clock_ + config_.tick_interval;
}

void Engine::flush_outbox(util::Timestamp now) {
  changed_flows_.clear();
  flows_.drain_dirty([&](FlowEntry& e) {
    FlowTable::finalize_row(e);
    classifier_.update_traits(e.row, now);
    changed_flows_.push_back(e.row);
  });
  if (!changed_flows_.empty()) outbox_.flows_changed(changed_flows_);
  for (std::size_t why = 0; why < ended_flows_.size(); ++why) {
    if (ended_flows_[why].empty()) continue;
    outbox_.flows_ended(ended_flows_[why], static_cast<FlowEnd>(why));
    ended_flows_[why].clear();
  }
  changed_ports_.clear();
  ports_.take_changed(changed_ports_);
  if (!changed_ports_.empty()) outbox_.ports_changed(changed_ports_);
  changed_scans_.clear();
  scans_.take_changed(changed_scans_);
  if (!changed_scans_.empty()) outbox_.scans_changed(changed_scans_);
  changed_devices_.clear();
  devices_.take_changed(changed_devices_);
  if (!changed_devices_.empty()) outbox_.devices_changed(changed_devices_);
  if (!names_.pending().empty()) outbox_.names_observed(names_.pending());
  names_.clear();
  if (!new_addresses_.empty()) outbox_.addresses_seen(new_addresses_);
  new_addresses_.clear();
}

void Engine::conclude() {
  if (concluded_) return;
  concluded_ = true;
  // Every flow, not only those holding nDPI state: one that never had a packet nDPI could read
  // (snaplen cut) still gets its port/IP-table answer instead of staying Pending.
  flows_.for_each([&](FlowEntry& e) {
    if (e.classifier == nullptr && e.row.classification.method != DetectionMethod::Pending) return;
    classifier_.finish(e.classifier, e.row);
    flows_.mark_dirty(e);
  });
  scans_.conclude(clock_);
  flush_outbox(clock_);
  publish();
}

void Engine::finish() {
  if (finished_) return;
  finished_ = true;
  conclude();
  flows_.end_all(FlowEnd::Shutdown);
  flush_outbox(clock_);
}

void Engine::publish() {
  auto s = std::make_shared<Snapshot>();
  s->sequence = ++sequence_;
  s->time = clock_;
  s->first_packet = first_packet_;
  s->decode = decode_;
  const auto& c = flows_.counters();
  s->flow_table = {.active = flows_.size(),
                   .created = c.created,
                   .evicted = c.evicted,
                   .expired = c.expired,
                   .closed = c.closed,
                   .capacity = config_.flows.capacity,
                   .fragments_attributed = c.fragments_attributed,
                   .fragments_unmatched = c.fragments_unmatched};
  s->classifier = classifier_.counters();
  s->labels = classifier_.labels();
  s->flows.reserve(flows_.size());
  flows_.for_each([&](FlowEntry& e) {
    FlowTable::finalize_row(e);
    s->flows.push_back(e.row);
  });
  ports_.export_rows(s->ports);
  scans_.export_rows(s->scans);
  hops_.export_rows(s->hops);
  devices_.export_rows(s->devices);
  traffic_.summary(s->traffic);
  std::lock_guard lock(snapshot_mutex_);
  latest_ = std::move(s);
}

SnapshotPtr Engine::snapshot() const {
  std::lock_guard lock(snapshot_mutex_);
  return latest_;
}

}  // namespace pt::engine

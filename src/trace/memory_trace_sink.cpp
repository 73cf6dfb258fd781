#include "trace/memory_trace_sink.hpp"

#include <algorithm>

namespace pt::trace {

MemoryTraceSink::History& MemoryTraceSink::history(const util::IpAddress& destination) {
  auto it = by_destination_.find(destination);
  if (it == by_destination_.end()) {
    if (by_destination_.size() >= limits_.destinations) {
      const auto oldest =
          std::min_element(by_destination_.begin(), by_destination_.end(),
                           [](const auto& a, const auto& b) { return a.second.touched < b.second.touched; });
      by_destination_.erase(oldest);
    }
    it = by_destination_.emplace(destination, History{}).first;
  }
  it->second.touched = ++clock_;
  return it->second;
}

void MemoryTraceSink::trace_finished(const TraceResult& trace, const PathSummary& summary) {
  std::lock_guard lock(mutex_);
  auto& h = history(trace.target);
  h.traces.push_back(std::make_shared<const TraceResult>(trace));
  while (h.traces.size() > limits_.traces_per_destination) h.traces.pop_front();
  h.summary = summary;
}

void MemoryTraceSink::pattern_observed(const RoutePattern& pattern) {
  std::lock_guard lock(mutex_);
  auto& h = history(pattern.destination);
  const auto signature = pattern.signature();
  auto it = std::find_if(h.patterns.begin(), h.patterns.end(),
                         [&](const RoutePattern& p) { return p.signature() == signature; });
  if (it != h.patterns.end()) {
    // The same route again: keep its first sighting, count this one.
    RoutePattern updated = pattern;
    updated.first_seen = std::min(it->first_seen, pattern.first_seen);
    updated.times_seen = std::max(it->times_seen + 1, pattern.times_seen);
    h.patterns.erase(it);
    h.patterns.push_back(std::move(updated));
  } else {
    h.patterns.push_back(pattern);
  }
  if (h.patterns.size() > limits_.patterns_per_destination) h.patterns.erase(h.patterns.begin());
}

void MemoryTraceSink::route_changed(const RouteChange& change) {
  std::lock_guard lock(mutex_);
  auto& h = history(change.destination);
  h.changes.push_back(change);
  while (h.changes.size() > limits_.changes_per_destination) h.changes.pop_front();
}

std::optional<RoutePattern> MemoryTraceSink::last_pattern(const util::IpAddress& destination) {
  std::lock_guard lock(mutex_);
  const auto it = by_destination_.find(destination);
  if (it == by_destination_.end() || it->second.patterns.empty()) return std::nullopt;
  return it->second.patterns.back();
}

std::vector<std::shared_ptr<const TraceResult>> MemoryTraceSink::traces(const util::IpAddress& destination) const {
  std::lock_guard lock(mutex_);
  const auto it = by_destination_.find(destination);
  if (it == by_destination_.end()) return {};
  return {it->second.traces.begin(), it->second.traces.end()};
}

std::vector<RoutePattern> MemoryTraceSink::patterns(const util::IpAddress& destination) const {
  std::lock_guard lock(mutex_);
  const auto it = by_destination_.find(destination);
  return it == by_destination_.end() ? std::vector<RoutePattern>{} : it->second.patterns;
}

std::vector<RouteChange> MemoryTraceSink::changes(const util::IpAddress& destination) const {
  std::lock_guard lock(mutex_);
  const auto it = by_destination_.find(destination);
  if (it == by_destination_.end()) return {};
  return {it->second.changes.begin(), it->second.changes.end()};
}

std::optional<PathSummary> MemoryTraceSink::summary(const util::IpAddress& destination) const {
  std::lock_guard lock(mutex_);
  const auto it = by_destination_.find(destination);
  return it == by_destination_.end() ? std::nullopt : it->second.summary;
}

std::vector<util::IpAddress> MemoryTraceSink::destinations() const {
  std::lock_guard lock(mutex_);
  std::vector<util::IpAddress> out;
  for (const auto& [destination, h] : by_destination_) out.push_back(destination);
  return out;
}

}  // namespace pt::trace

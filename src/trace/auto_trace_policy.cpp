#include "trace/auto_trace_policy.hpp"

#include <algorithm>

namespace pt::trace {

std::optional<util::IpAddress> AutoTracePolicy::pick(std::span<const util::IpAddress> busiest, Instant now) const {
  if (!config_.enabled || now < next_slot()) return std::nullopt;
  const auto n = std::min(busiest.size(), config_.candidates);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& candidate = busiest[i];
    if (!candidate.is_public()) continue;
    const auto it = last_traced_.find(candidate);
    if (it != last_traced_.end() && now - it->second < config_.retrace_after) continue;
    return candidate;
  }
  return std::nullopt;
}

Instant AutoTracePolicy::next_slot() const { return last_auto_ ? *last_auto_ + config_.interval : Instant{}; }

void AutoTracePolicy::traced(const util::IpAddress& destination, Instant now, bool automatic) {
  last_traced_[destination] = now;
  if (automatic) last_auto_ = now;
  // Bound the memory: entries older than retrace_after no longer matter.
  if (last_traced_.size() > 4096) {
    std::erase_if(last_traced_, [&](const auto& entry) { return now - entry.second >= config_.retrace_after; });
  }
}

}  // namespace pt::trace

#include "trace/path_summary.hpp"

#include <algorithm>

namespace pt::trace {

double PathHopSummary::loss_percent() const {
  return sent == 0 ? 0.0 : 100.0 * static_cast<double>(sent - received) / static_cast<double>(sent);
}

std::optional<util::Duration> PathHopSummary::average() const {
  if (received == 0) return std::nullopt;
  return total / received;
}

void PathSummary::add(const TraceResult& trace) {
  if (trace.status == TraceStatus::Failed || trace.status == TraceStatus::Cancelled ||
      trace.status == TraceStatus::Running) {
    return;
  }
  destination = trace.target;
  if (traces == 0) since = trace.started;
  updated = trace.finished;
  ++traces;
  for (const auto& hop : trace.hops) {
    auto it = std::find_if(hops.begin(), hops.end(), [&](const PathHopSummary& h) { return h.ttl == hop.ttl; });
    if (it == hops.end()) {
      hops.push_back(PathHopSummary{.ttl = hop.ttl});
      it = std::prev(hops.end());
    }
    if (const auto* primary = hop.primary()) it->address = primary->address;
    for (const auto& probe : hop.probes) {
      ++it->sent;
      if (!probe.answered) continue;
      ++it->received;
      it->last = probe.rtt;
      it->best = it->best ? std::min(*it->best, probe.rtt) : probe.rtt;
      it->worst = it->worst ? std::max(*it->worst, probe.rtt) : probe.rtt;
      it->total += probe.rtt;
    }
  }
  std::sort(hops.begin(), hops.end(), [](const PathHopSummary& a, const PathHopSummary& b) { return a.ttl < b.ttl; });
}

void PathSummary::reset() {
  const auto keep = destination;
  *this = PathSummary{};
  destination = keep;
}

}  // namespace pt::trace

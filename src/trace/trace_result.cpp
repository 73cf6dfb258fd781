#include "trace/trace_result.hpp"

#include <algorithm>
#include <cmath>

namespace pt::trace {

std::string_view to_string(TraceStatus status) {
  switch (status) {
    case TraceStatus::Running: return "running";
    case TraceStatus::Reached: return "reached";
    case TraceStatus::Unreachable: return "unreachable";
    case TraceStatus::NotReached: return "not-reached";
    case TraceStatus::Cancelled: return "cancelled";
    case TraceStatus::Failed: return "failed";
  }
  return "running";
}

HopStats HopResult::stats() const {
  HopStats s;
  s.sent = static_cast<std::uint32_t>(probes.size());
  std::int64_t sum = 0;
  std::vector<std::int64_t> samples;
  samples.reserve(probes.size());
  for (const auto& p : probes) {
    if (!p.answered) continue;
    ++s.received;
    s.last = p.rtt;
    s.best = s.best ? std::min(*s.best, p.rtt) : p.rtt;
    s.worst = s.worst ? std::max(*s.worst, p.rtt) : p.rtt;
    sum += p.rtt.count();
    samples.push_back(p.rtt.count());
  }
  if (s.sent > 0) s.loss_percent = 100.0 * static_cast<double>(s.sent - s.received) / static_cast<double>(s.sent);
  if (s.received > 0) {
    const double mean = static_cast<double>(sum) / static_cast<double>(s.received);
    double squares = 0.0;
    for (auto v : samples) squares += (static_cast<double>(v) - mean) * (static_cast<double>(v) - mean);
    s.average = util::Duration{static_cast<std::int64_t>(std::llround(mean))};
    // Population standard deviation, as mtr reports it.
    s.stddev =
        util::Duration{static_cast<std::int64_t>(std::llround(std::sqrt(squares / static_cast<double>(s.received))))};
  }
  return s;
}

const HopResult* TraceResult::hop(util::Ttl ttl) const {
  for (const auto& h : hops) {
    if (h.ttl == ttl) return &h;
  }
  return nullptr;
}

void collect_responders(HopResult& hop) {
  std::vector<Responder> fresh;
  for (const auto& p : hop.probes) {
    if (!p.answered) continue;
    auto it = std::find_if(fresh.begin(), fresh.end(), [&](const Responder& r) { return r.address == p.responder; });
    if (it == fresh.end()) {
      Responder r;
      r.address = p.responder;
      // Keep names already looked up for this address.
      for (const auto& old : hop.responders) {
        if (old.address == p.responder) r.names = old.names;
      }
      fresh.push_back(std::move(r));
      it = std::prev(fresh.end());
    }
    ++it->replies;
  }
  std::stable_sort(fresh.begin(), fresh.end(), [](const Responder& a, const Responder& b) {
    return a.replies != b.replies ? a.replies > b.replies : a.address < b.address;
  });
  hop.responders = std::move(fresh);
}

}  // namespace pt::trace

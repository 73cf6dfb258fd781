#include "trace/route_pattern.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace pt::trace {
namespace {

std::vector<std::uint32_t> merged_as_path(const std::vector<std::uint32_t>& asns) {
  std::vector<std::uint32_t> path;
  for (auto asn : asns) {
    if (asn != 0 && (path.empty() || path.back() != asn)) path.push_back(asn);
  }
  return path;
}

std::string as_text(const std::vector<std::uint32_t>& path) {
  if (path.empty()) return "?";
  std::string out;
  for (auto asn : path) out += (out.empty() ? "" : " ") + std::to_string(asn);
  return out;
}

// Weighted LCS: an exact match scores 2, a silent hop matching anything scores 1.
int match_score(const util::IpAddress& a, const util::IpAddress& b) {
  if (a.empty() || b.empty()) return 1;
  return a == b ? 2 : 0;
}

// Index pairs (i in a, j in b) of the best alignment, in order.
std::vector<std::pair<std::size_t, std::size_t>> align(const std::vector<util::IpAddress>& a,
                                                       const std::vector<util::IpAddress>& b) {
  const std::size_t n = a.size();
  const std::size_t m = b.size();
  std::vector<std::vector<int>> best(n + 1, std::vector<int>(m + 1, 0));
  for (std::size_t i = n; i-- > 0;) {
    for (std::size_t j = m; j-- > 0;) {
      const int s = match_score(a[i], b[j]);
      best[i][j] = std::max({best[i + 1][j], best[i][j + 1], s > 0 ? s + best[i + 1][j + 1] : 0});
    }
  }
  std::vector<std::pair<std::size_t, std::size_t>> pairs;
  std::size_t i = 0;
  std::size_t j = 0;
  while (i < n && j < m) {
    const int s = match_score(a[i], b[j]);
    if (s > 0 && best[i][j] == s + best[i + 1][j + 1]) {
      pairs.emplace_back(i++, j++);
    } else if (best[i][j] == best[i + 1][j]) {
      ++i;
    } else {
      ++j;
    }
  }
  return pairs;
}

util::Ttl ttl_at(std::size_t index) { return util::Ttl{static_cast<std::uint8_t>(index + 1)}; }

// The unmatched hops between two anchors: pairs become replacements, the rest additions or
// removals. Silent hops are never reported.
void diff_gap(const std::vector<util::IpAddress>& a, std::size_t a_begin, std::size_t a_end,
              const std::vector<util::IpAddress>& b, std::size_t b_begin, std::size_t b_end,
              std::vector<HopChange>& out) {
  std::vector<std::size_t> removed;
  std::vector<std::size_t> added;
  for (auto i = a_begin; i < a_end; ++i) {
    if (!a[i].empty()) removed.push_back(i);
  }
  for (auto j = b_begin; j < b_end; ++j) {
    if (!b[j].empty()) added.push_back(j);
  }
  const auto paired = std::min(removed.size(), added.size());
  for (std::size_t k = 0; k < paired; ++k) {
    out.push_back({HopChangeKind::Replaced, ttl_at(added[k]), a[removed[k]], b[added[k]]});
  }
  for (auto k = paired; k < removed.size(); ++k)
    out.push_back({HopChangeKind::Removed, ttl_at(removed[k]), a[removed[k]], {}});
  for (auto k = paired; k < added.size(); ++k) out.push_back({HopChangeKind::Added, ttl_at(added[k]), {}, b[added[k]]});
}

}  // namespace

std::string RoutePattern::signature() const {
  std::string out;
  for (const auto& hop : hops) {
    if (!out.empty()) out += ' ';
    out += hop.empty() ? "*" : hop.to_string();
  }
  return out;
}

bool RoutePattern::has_answers() const {
  return std::any_of(hops.begin(), hops.end(), [](const util::IpAddress& a) { return !a.empty(); });
}

std::string_view to_string(HopChangeKind kind) {
  switch (kind) {
    case HopChangeKind::Added: return "added";
    case HopChangeKind::Removed: return "removed";
    case HopChangeKind::Replaced: return "replaced";
  }
  return "added";
}

bool RouteChange::as_path_changed() const {
  return !as_path_before.empty() && !as_path_after.empty() && as_path_before != as_path_after;
}

std::string RouteChange::summary() const {
  std::string out;
  for (const auto& h : hops) {
    if (!out.empty()) out += "; ";
    switch (h.kind) {
      case HopChangeKind::Added: out += fmt::format("hop {} added {}", h.ttl.value, h.after.to_string()); break;
      case HopChangeKind::Removed: out += fmt::format("hop {} removed {}", h.ttl.value, h.before.to_string()); break;
      case HopChangeKind::Replaced:
        out += fmt::format("hop {} {} -> {}", h.ttl.value, h.before.to_string(), h.after.to_string());
        break;
    }
  }
  if (as_path_changed()) out += fmt::format("; AS path {} -> {}", as_text(as_path_before), as_text(as_path_after));
  return out;
}

RoutePattern pattern_of(const TraceResult& trace) {
  RoutePattern p;
  p.destination = trace.target;
  p.reached = trace.reached();
  p.first_seen = trace.finished;
  p.last_seen = trace.finished;
  p.times_seen = 1;
  std::vector<std::uint32_t> asns;
  for (const auto& hop : trace.hops) {
    const auto* primary = hop.primary();
    p.hops.push_back(primary ? primary->address : util::IpAddress{});
    if (primary) asns.push_back(primary->names.asn);
  }
  p.as_path = merged_as_path(asns);
  return p;
}

std::optional<RouteChange> detect_route_change(const RoutePattern& previous, const RoutePattern& current,
                                               std::uint64_t trace_id) {
  if (!previous.has_answers() || !current.has_answers()) return std::nullopt;
  const auto& a = previous.hops;
  const auto& b = current.hops;
  std::vector<HopChange> changes;
  std::size_t ai = 0;
  std::size_t bj = 0;
  for (const auto& [i, j] : align(a, b)) {
    diff_gap(a, ai, i, b, bj, j, changes);
    ai = i + 1;
    bj = j + 1;
  }
  // Past the last anchor, a longer old route only lost hops when the new one reached the target
  // (otherwise they are silent, not gone); a longer new route gained hops.
  diff_gap(a, ai, current.reached ? a.size() : ai, b, bj, b.size(), changes);
  if (changes.empty()) return std::nullopt;
  RouteChange change;
  change.destination = current.destination;
  change.detected_at = current.last_seen;
  change.trace_id = trace_id;
  change.before = a;
  change.after = b;
  change.as_path_before = previous.as_path;
  change.as_path_after = current.as_path;
  change.hops = std::move(changes);
  return change;
}

RoutePattern merge_pattern(const RoutePattern& previous, const RoutePattern& current) {
  RoutePattern merged = current;
  for (std::size_t i = 0; i < merged.hops.size() && i < previous.hops.size(); ++i) {
    if (merged.hops[i].empty()) merged.hops[i] = previous.hops[i];
  }
  if (!current.reached && previous.reached) {
    // The target was silent this time: keep the known route's length, not 30 silent hops.
    std::size_t keep = previous.hops.size();
    for (std::size_t i = keep; i < merged.hops.size(); ++i) {
      if (!merged.hops[i].empty()) keep = i + 1;
    }
    merged.hops.resize(keep);
  }
  merged.reached = current.reached || previous.reached;
  if (merged.as_path.size() < previous.as_path.size()) merged.as_path = previous.as_path;
  merged.first_seen = previous.first_seen;
  merged.times_seen = previous.times_seen + 1;
  return merged;
}

}  // namespace pt::trace

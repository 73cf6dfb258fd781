#pragma once
// Which of the busiest destinations to trace on our own, and when. No peer tool traces live
// traffic's destinations unasked, so this is rate-limited on two levels: at most one automatic
// trace per interval, and each destination at most once per retrace_after. Only public
// addresses qualify (a private or link-local hop list says nothing a user cannot see locally).
// Pure: the caller passes the time, so tests need no clock.

#include <chrono>
#include <cstddef>
#include <optional>
#include <span>
#include <unordered_map>

#include "trace/probe.hpp"

namespace pt::trace {

struct AutoTraceConfig {
  bool enabled = false;
  std::chrono::seconds interval{30};
  std::chrono::seconds retrace_after{600};
  std::size_t candidates = 5;  // how many of the busiest destinations are considered
};

class AutoTracePolicy {
 public:
  explicit AutoTracePolicy(AutoTraceConfig config) : config_(config) {}

  // The destination to trace now, from busiest (busiest first), or nullopt. Does not record it.
  [[nodiscard]] std::optional<util::IpAddress> pick(std::span<const util::IpAddress> busiest, Instant now) const;
  // When the next automatic trace may start (for the service's wait).
  [[nodiscard]] Instant next_slot() const;
  // A trace of destination started (automatic or not: a user's trace also counts as recent).
  void traced(const util::IpAddress& destination, Instant now, bool automatic);
  void forget() { last_traced_.clear(); }
  [[nodiscard]] const AutoTraceConfig& config() const { return config_; }

 private:
  AutoTraceConfig config_;
  std::optional<Instant> last_auto_;
  std::unordered_map<util::IpAddress, Instant> last_traced_;
};

}  // namespace pt::trace

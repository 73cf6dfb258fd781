#pragma once
// The TraceSink for runs without a database: keeps, per destination, the recent traces, every
// distinct route pattern seen and the route changes, bounded, in memory. Thread-safe: the
// TraceService writes, any thread (the Paths view) reads copies.

#include <cstddef>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

#include "trace/trace_sink.hpp"

namespace pt::trace {

class MemoryTraceSink : public TraceSink {
 public:
  struct Limits {
    std::size_t traces_per_destination = 20;
    std::size_t patterns_per_destination = 20;
    std::size_t changes_per_destination = 50;
    std::size_t destinations = 256;  // the least recently traced is forgotten beyond this
  };

  MemoryTraceSink() = default;
  explicit MemoryTraceSink(Limits limits) : limits_(limits) {}

  void trace_finished(const TraceResult& trace, const PathSummary& summary) override;
  void pattern_observed(const RoutePattern& pattern) override;
  void route_changed(const RouteChange& change) override;
  std::optional<RoutePattern> last_pattern(const util::IpAddress& destination) override;

  // Oldest first.
  [[nodiscard]] std::vector<std::shared_ptr<const TraceResult>> traces(const util::IpAddress& destination) const;
  // Every distinct route seen to destination, most recently seen last.
  [[nodiscard]] std::vector<RoutePattern> patterns(const util::IpAddress& destination) const;
  [[nodiscard]] std::vector<RouteChange> changes(const util::IpAddress& destination) const;
  [[nodiscard]] std::optional<PathSummary> summary(const util::IpAddress& destination) const;
  [[nodiscard]] std::vector<util::IpAddress> destinations() const;

 private:
  struct History {
    std::deque<std::shared_ptr<const TraceResult>> traces;
    std::vector<RoutePattern> patterns;  // by last_seen
    std::deque<RouteChange> changes;
    std::optional<PathSummary> summary;
    std::uint64_t touched = 0;
  };
  History& history(const util::IpAddress& destination);

  Limits limits_;
  mutable std::mutex mutex_;
  std::map<util::IpAddress, History> by_destination_;
  std::uint64_t clock_ = 0;
};

}  // namespace pt::trace

#pragma once
// The tracer's history, persisted (docs/paths.md "TraceSink", docs/database.md): each finished
// trace becomes a traceroutes row with its hops and one latency sample per probe (the store
// folds it into path_summary), each observed route an upsert of route_patterns, each change a
// route_changes row. last_pattern() reads route_patterns back, so a route that changed while
// the program was not running is still reported as a change on the next trace.
//
// Called on the TraceService's thread. Writes go through the store's writer (never blocking);
// last_pattern() reads through the read pool. A trace that failed or was cancelled is not
// stored: it measured nothing, and path_summary would count it as a trace.

#include <atomic>
#include <cstdint>
#include <optional>

#include "store/database.hpp"
#include "store/records.hpp"
#include "trace/trace_sink.hpp"

namespace pt::app {

class StoreTraceSink final : public trace::TraceSink {
 public:
  struct Counters {
    std::uint64_t traces = 0;    // traceroute records handed to the writer
    std::uint64_t patterns = 0;  // route patterns handed to the writer
    std::uint64_t changes = 0;   // route changes handed to the writer
    std::uint64_t refused = 0;   // records the writer did not take (its stats say why)
  };

  // session: the capture session the traces belong to (traceroutes.session_id), if any.
  StoreTraceSink(store::Database& database, std::optional<store::SessionId> session);

  void trace_finished(const trace::TraceResult& trace, const trace::PathSummary& summary) override;
  void pattern_observed(const trace::RoutePattern& pattern) override;
  void route_changed(const trace::RouteChange& change) override;
  // Throws store::StoreError when the database cannot be read (the service logs it).
  std::optional<trace::RoutePattern> last_pattern(const util::IpAddress& destination) override;

  [[nodiscard]] Counters counters() const;

 private:
  void count(bool taken, std::atomic<std::uint64_t>& counter);

  store::Database& database_;
  std::optional<store::SessionId> session_;
  std::atomic<std::uint64_t> traces_{0};
  std::atomic<std::uint64_t> patterns_{0};
  std::atomic<std::uint64_t> changes_{0};
  std::atomic<std::uint64_t> refused_{0};
};

// The conversions, exposed for tests.
store::TracerouteRecord to_traceroute_record(const trace::TraceResult& trace, std::optional<store::SessionId> session);
store::RoutePattern to_route_pattern_record(const trace::RoutePattern& pattern);
store::RouteChange to_route_change_record(const trace::RouteChange& change);
// "new-hop", "removed-hop", "changed-hop" or "as-path" (the store's words for a change).
std::string route_change_kind(const trace::RouteChange& change);
// A HopNames location ("Zurich, CH", "CH", "Private network") split into the hops table's
// country and city columns.
std::pair<std::string, std::string> split_location(const std::string& location);

}  // namespace pt::app

#pragma once
// Traceroute runs with their hops and latency samples, and the per-destination path summary
// kept up to date on every insert (the Paths view's history).

#include <cstdint>
#include <optional>
#include <vector>

#include "store/connection.hpp"
#include "store/records.hpp"

namespace pt::store::repositories {

class HopRepository {
 public:
  explicit HopRepository(Connection& connection) : connection_(connection) {}

  // Inserts the run, its hops and samples, and folds it into path_summary. Returns the run id.
  std::int64_t insert(const TracerouteRecord& trace);

  // The newest runs to destination first, each with hops (by ttl) and samples; limit 0 = all.
  [[nodiscard]] std::vector<TracerouteRecord> history(const util::IpAddress& destination, std::size_t limit = 10);
  [[nodiscard]] std::optional<PathSummary> summary(const util::IpAddress& destination);
  // Every destination traced, most recently traced first.
  [[nodiscard]] std::vector<PathSummary> summaries(std::size_t limit = 0);

 private:
  std::int64_t insert_run(const TracerouteRecord& trace);
  std::int64_t insert_hop(std::int64_t trace_id, const HopRecord& hop);
  void update_summary(std::int64_t trace_id, const TracerouteRecord& trace);
  void read_hops(TracerouteRecord& trace);

  Connection& connection_;
  Statement insert_trace_;
  Statement insert_hop_;
  Statement insert_sample_;
  Statement upsert_summary_;
};

}  // namespace pt::store::repositories

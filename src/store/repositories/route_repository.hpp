#pragma once
// Route patterns (the hop sequence seen towards a destination, with how often and when) and
// route changes (which pattern replaced which, and how). Change detection itself belongs to
// the tracer; the store records what it decided.

#include <optional>
#include <vector>

#include "store/connection.hpp"
#include "store/records.hpp"

namespace pt::store::repositories {

class RouteRepository {
 public:
  explicit RouteRepository(Connection& connection) : connection_(connection) {}

  // A new sequence is inserted; a known one gets times_seen + 1 and a newer last_seen.
  void record(const RoutePattern& pattern);
  // Both hop sequences are recorded as patterns first when missing.
  void record(const RouteChange& change);

  [[nodiscard]] std::optional<RoutePattern> latest_pattern(const util::IpAddress& destination);
  [[nodiscard]] std::vector<RoutePattern> patterns(const util::IpAddress& destination);
  // Newest first; an empty destination lists changes to every destination. limit 0 = all.
  [[nodiscard]] std::vector<RouteChange> changes(const util::IpAddress& destination = {}, std::size_t limit = 0);

 private:
  void ensure_pattern(const util::IpAddress& destination, const std::vector<util::IpAddress>& hops, util::Timestamp at);

  Connection& connection_;
  Statement upsert_pattern_;
  Statement ensure_pattern_;
  Statement insert_change_;
};

}  // namespace pt::store::repositories

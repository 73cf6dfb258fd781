#pragma once
// Capture sessions: start, periodic totals, end, retention pruning, and the history list.
// Writes run on the writer's connection; reads on any (a ReadPool lease).

#include <chrono>
#include <cstdint>
#include <optional>
#include <vector>

#include "store/connection.hpp"
#include "store/records.hpp"

namespace pt::store::repositories {

class SessionRepository {
 public:
  explicit SessionRepository(Connection& connection) : connection_(connection) {}

  // written_at is the wall clock of the write: retention counts from the last time a session
  // was written, not from its packet times, so a replay of an old capture is kept too.
  // Inserts a session (its id and updated_at are ignored) and returns the new id.
  SessionId insert(const SessionRecord& session, util::Timestamp written_at);
  void update_totals(const SessionTotals& totals, util::Timestamp written_at);
  void end(const SessionTotals& totals, util::Timestamp written_at);  // totals.at becomes ended_at
  // Deletes sessions last written before cutoff (their flows, ports, scans and classifications
  // go with them through ON DELETE CASCADE). Returns how many.
  std::int64_t prune(util::Timestamp cutoff);

  // Newest first; limit 0 = all.
  [[nodiscard]] std::vector<SessionRecord> list(std::size_t limit = 0);
  [[nodiscard]] std::optional<SessionRecord> get(SessionId id);

 private:
  Connection& connection_;
  Statement update_;
  Statement end_;
};

}  // namespace pt::store::repositories

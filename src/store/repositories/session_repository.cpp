#include "store/repositories/session_repository.hpp"

#include <string>

namespace pt::store::repositories {

namespace {

constexpr std::string_view kColumns =
    "id, started_at, ended_at, updated_at, source_kind, source, filter, packets, bytes, flows, dropped, app_version";

SessionRecord read_session(const Statement& row) {
  SessionRecord session;
  session.id = SessionId{row.int64(0)};
  session.started_at = row.time(1);
  session.ended_at = row.optional_time(2);
  session.updated_at = row.time(3);
  session.source_kind = parse_source_kind(row.text(4)).value_or(SourceKind::Interface);
  session.source = row.text(5);
  session.filter = row.text(6);
  session.packets = row.uint64(7);
  session.bytes = row.uint64(8);
  session.flows = row.uint64(9);
  session.dropped = row.uint64(10);
  session.app_version = row.text(11);
  return session;
}

void bind_totals(Statement& statement, const SessionTotals& totals, util::Timestamp written_at) {
  statement.bind(1, totals.session.value);
  statement.bind(2, totals.at);
  statement.bind(3, totals.packets);
  statement.bind(4, totals.bytes);
  statement.bind(5, totals.flows);
  statement.bind(6, totals.dropped);
  statement.bind(7, written_at);
}

}  // namespace

SessionId SessionRepository::insert(const SessionRecord& session, util::Timestamp written_at) {
  Statement statement = connection_.prepare(
      "INSERT INTO sessions (started_at, ended_at, updated_at, source_kind, source, filter, packets, bytes, flows, "
      "dropped, app_version) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  statement.bind(1, session.started_at);
  statement.bind(2, session.ended_at);
  statement.bind(3, written_at);
  statement.bind(4, to_string(session.source_kind));
  statement.bind(5, session.source);
  statement.bind(6, session.filter);
  statement.bind(7, session.packets);
  statement.bind(8, session.bytes);
  statement.bind(9, session.flows);
  statement.bind(10, session.dropped);
  statement.bind(11, session.app_version);
  statement.run();
  return SessionId{connection_.last_insert_rowid()};
}

void SessionRepository::update_totals(const SessionTotals& totals, util::Timestamp written_at) {
  if (!update_.valid()) {
    update_ = connection_.prepare(
        "UPDATE sessions SET updated_at = ?7, packets = ?3, bytes = ?4, flows = ?5, dropped = ?6 WHERE id = ?1", true);
  }
  bind_totals(update_, totals, written_at);
  update_.run();
}

void SessionRepository::end(const SessionTotals& totals, util::Timestamp written_at) {
  if (!end_.valid()) {
    end_ = connection_.prepare(
        "UPDATE sessions SET ended_at = ?2, updated_at = ?7, packets = ?3, bytes = ?4, flows = ?5, dropped = ?6 "
        "WHERE id = ?1",
        true);
  }
  bind_totals(end_, totals, written_at);
  end_.run();
}

std::int64_t SessionRepository::prune(util::Timestamp cutoff) {
  Statement statement = connection_.prepare("DELETE FROM sessions WHERE updated_at < ?1");
  statement.bind(1, cutoff);
  statement.run();
  return connection_.changes();
}

std::vector<SessionRecord> SessionRepository::list(std::size_t limit) {
  Statement statement = connection_.prepare("SELECT " + std::string(kColumns) +
                                            " FROM sessions ORDER BY started_at DESC, id DESC LIMIT ?1");
  statement.bind(1, limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(limit));
  std::vector<SessionRecord> sessions;
  while (statement.step()) sessions.push_back(read_session(statement));
  return sessions;
}

std::optional<SessionRecord> SessionRepository::get(SessionId id) {
  Statement statement = connection_.prepare("SELECT " + std::string(kColumns) + " FROM sessions WHERE id = ?1");
  statement.bind(1, id.value);
  if (!statement.step()) return std::nullopt;
  return read_session(statement);
}

}  // namespace pt::store::repositories

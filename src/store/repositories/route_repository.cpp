#include "store/repositories/route_repository.hpp"

#include <string>

namespace pt::store::repositories {

namespace {

constexpr std::string_view kPatternColumns = "id, destination, signature, first_seen, last_seen, times_seen";

RoutePattern read_pattern(const Statement& row) {
  RoutePattern p;
  p.id = row.int64(0);
  p.destination = row.ip(1);
  p.hops = parse_route_signature(row.text(2));
  p.first_seen = row.time(3);
  p.last_seen = row.time(4);
  p.times_seen = row.uint64(5);
  return p;
}

}  // namespace

void RouteRepository::record(const RoutePattern& pattern) {
  if (!upsert_pattern_.valid()) {
    upsert_pattern_ = connection_.prepare(
        "INSERT INTO route_patterns (destination, signature, hop_count, first_seen, last_seen, times_seen) VALUES "
        "(?1, ?2, ?3, ?4, ?5, 1) ON CONFLICT (destination, signature) DO UPDATE SET times_seen = times_seen + 1, "
        "first_seen = MIN(first_seen, excluded.first_seen), last_seen = MAX(last_seen, excluded.last_seen)",
        true);
  }
  Statement& s = upsert_pattern_;
  s.bind(1, pattern.destination);
  s.bind(2, route_signature(pattern.hops));
  s.bind(3, static_cast<std::uint64_t>(pattern.hops.size()));
  s.bind(4, pattern.first_seen);
  s.bind(5, std::max(pattern.last_seen, pattern.first_seen));
  s.run();
}

void RouteRepository::ensure_pattern(const util::IpAddress& destination, const std::vector<util::IpAddress>& hops,
                                     util::Timestamp at) {
  if (!ensure_pattern_.valid()) {
    ensure_pattern_ = connection_.prepare(
        "INSERT INTO route_patterns (destination, signature, hop_count, first_seen, last_seen, times_seen) VALUES "
        "(?1, ?2, ?3, ?4, ?4, 0) ON CONFLICT (destination, signature) DO NOTHING",
        true);
  }
  ensure_pattern_.bind(1, destination);
  ensure_pattern_.bind(2, route_signature(hops));
  ensure_pattern_.bind(3, static_cast<std::uint64_t>(hops.size()));
  ensure_pattern_.bind(4, at);
  ensure_pattern_.run();
}

void RouteRepository::record(const RouteChange& change) {
  ensure_pattern(change.destination, change.old_hops, change.changed_at);
  ensure_pattern(change.destination, change.new_hops, change.changed_at);
  if (!insert_change_.valid()) {
    insert_change_ = connection_.prepare(
        "INSERT INTO route_changes (destination, changed_at, old_pattern_id, new_pattern_id, kind, description) "
        "VALUES (?1, ?2, (SELECT id FROM route_patterns WHERE destination = ?1 AND signature = ?3), "
        "(SELECT id FROM route_patterns WHERE destination = ?1 AND signature = ?4), ?5, ?6)",
        true);
  }
  Statement& s = insert_change_;
  s.bind(1, change.destination);
  s.bind(2, change.changed_at);
  s.bind(3, route_signature(change.old_hops));
  s.bind(4, route_signature(change.new_hops));
  s.bind(5, change.kind.empty() ? std::string_view("changed-hop") : std::string_view(change.kind));
  s.bind_text_or_null(6, change.description);
  s.run();
}

std::optional<RoutePattern> RouteRepository::latest_pattern(const util::IpAddress& destination) {
  Statement statement = connection_.prepare("SELECT " + std::string(kPatternColumns) +
                                            " FROM route_patterns WHERE destination = ?1 AND times_seen > 0 "
                                            "ORDER BY last_seen DESC, id DESC LIMIT 1");
  statement.bind(1, destination);
  if (!statement.step()) return std::nullopt;
  return read_pattern(statement);
}

std::vector<RoutePattern> RouteRepository::patterns(const util::IpAddress& destination) {
  Statement statement = connection_.prepare("SELECT " + std::string(kPatternColumns) +
                                            " FROM route_patterns WHERE destination = ?1 ORDER BY last_seen DESC, id");
  statement.bind(1, destination);
  std::vector<RoutePattern> rows;
  while (statement.step()) rows.push_back(read_pattern(statement));
  return rows;
}

std::vector<RouteChange> RouteRepository::changes(const util::IpAddress& destination, std::size_t limit) {
  Statement statement = connection_.prepare(
      "SELECT c.id, c.destination, c.changed_at, o.signature, n.signature, c.kind, c.description "
      "FROM route_changes c LEFT JOIN route_patterns o ON o.id = c.old_pattern_id "
      "LEFT JOIN route_patterns n ON n.id = c.new_pattern_id "
      "WHERE ?1 IS NULL OR c.destination = ?1 ORDER BY c.changed_at DESC, c.id DESC LIMIT ?2");
  statement.bind(1, destination);
  statement.bind(2, limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(limit));
  std::vector<RouteChange> rows;
  while (statement.step()) {
    RouteChange c;
    c.id = statement.int64(0);
    c.destination = statement.ip(1);
    c.changed_at = statement.time(2);
    c.old_hops = parse_route_signature(statement.text(3));
    c.new_hops = parse_route_signature(statement.text(4));
    c.kind = statement.text(5);
    c.description = statement.text(6);
    rows.push_back(std::move(c));
  }
  return rows;
}

}  // namespace pt::store::repositories

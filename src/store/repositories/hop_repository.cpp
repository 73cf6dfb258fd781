#include "store/repositories/hop_repository.hpp"

#include <algorithm>
#include <string>

namespace pt::store::repositories {

namespace {

double to_ms(Rtt rtt) { return static_cast<double>(rtt.count()) / 1000.0; }
Rtt from_ms(double ms) { return Rtt{static_cast<Rtt::rep>(ms * 1000.0 + (ms >= 0 ? 0.5 : -0.5))}; }

void bind_rtt(Statement& statement, int index, const std::optional<Rtt>& rtt) {
  if (rtt) {
    statement.bind(index, to_ms(*rtt));
  } else {
    statement.bind_null(index);
  }
}

std::optional<Rtt> read_rtt(const Statement& row, int column) {
  if (row.is_null(column)) return std::nullopt;
  return from_ms(row.real(column));
}

// A hop's min/avg/max and counts come from its samples when the tracer gave them.
HopRecord with_derived_stats(const HopRecord& hop) {
  HopRecord out = hop;
  if (hop.samples.empty()) return out;
  Rtt sum{0};
  std::uint32_t replies = 0;
  for (const LatencySample& sample : hop.samples) {
    if (!sample.rtt) continue;
    out.rtt_min = replies == 0 ? *sample.rtt : std::min(*out.rtt_min, *sample.rtt);
    out.rtt_max = replies == 0 ? *sample.rtt : std::max(*out.rtt_max, *sample.rtt);
    sum += *sample.rtt;
    ++replies;
  }
  if (replies > 0) out.rtt_avg = sum / replies;
  out.sent = std::max(out.sent, static_cast<std::uint32_t>(hop.samples.size()));
  out.received = replies;
  return out;
}

// The path's round trip: the destination's when reached, else the last hop that answered.
std::optional<Rtt> path_rtt(const TracerouteRecord& trace) {
  for (auto it = trace.hops.rbegin(); it != trace.hops.rend(); ++it) {
    const HopRecord hop = with_derived_stats(*it);
    if (hop.rtt_avg) return hop.rtt_avg;
  }
  return std::nullopt;
}

PathSummary read_summary(const Statement& row) {
  PathSummary s;
  s.destination = row.ip(0);
  s.traces = row.uint64(1);
  s.last_traceroute_id = row.int64(2);
  s.last_hop_count = row.integer<std::uint32_t>(3);
  s.last_rtt = read_rtt(row, 4);
  s.avg_rtt = read_rtt(row, 5);
  s.reached = row.int64(6) != 0;
  s.first_seen = row.time(7);
  s.last_seen = row.time(8);
  return s;
}

constexpr std::string_view kSummaryColumns =
    "destination, traces, last_traceroute_id, last_hop_count, last_rtt_ms, avg_rtt_ms, reached, first_seen, last_seen";

}  // namespace

std::int64_t HopRepository::insert(const TracerouteRecord& trace) {
  if (!insert_trace_.valid()) {
    insert_trace_ = connection_.prepare(
        "INSERT INTO traceroutes (session_id, destination, target, probe, started_at, finished_at, reached, "
        "hop_count) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        true);
  }
  // A savepoint makes the run, its hops and its summary one unit inside the writer's batch.
  connection_.exec("SAVEPOINT traceroute");
  try {
    const std::int64_t id = insert_run(trace);
    connection_.exec("RELEASE traceroute");
    return id;
  } catch (const StoreError&) {
    connection_.exec("ROLLBACK TO traceroute");
    connection_.exec("RELEASE traceroute");
    throw;
  }
}

std::int64_t HopRepository::insert_run(const TracerouteRecord& trace) {
  Statement& s = insert_trace_;
  if (trace.session) {
    s.bind(1, trace.session->value);
  } else {
    s.bind_null(1);
  }
  s.bind(2, trace.destination);
  s.bind_text_or_null(3, trace.target);
  s.bind(4, trace.probe);
  s.bind(5, trace.started_at);
  s.bind(6, trace.finished_at);
  s.bind(7, trace.reached);
  s.bind(8, static_cast<std::uint64_t>(trace.hops.size()));
  s.run();
  const std::int64_t trace_id = connection_.last_insert_rowid();
  for (const HopRecord& hop : trace.hops) insert_hop(trace_id, hop);
  update_summary(trace_id, trace);
  return trace_id;
}

std::int64_t HopRepository::insert_hop(std::int64_t trace_id, const HopRecord& given) {
  if (!insert_hop_.valid()) {
    insert_hop_ = connection_.prepare(
        "INSERT INTO hops (traceroute_id, ttl, ip, hostname, rtt_min_ms, rtt_avg_ms, rtt_max_ms, sent, received, "
        "asn, as_name, country, city) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        true);
    insert_sample_ = connection_.prepare(
        "INSERT INTO latency_samples (hop_id, probe, rtt_ms, sampled_at) VALUES (?1, ?2, ?3, ?4)", true);
  }
  const HopRecord hop = with_derived_stats(given);
  Statement& s = insert_hop_;
  s.bind(1, trace_id);
  s.bind(2, unsigned{hop.ttl});
  s.bind(3, hop.address);
  s.bind_text_or_null(4, hop.hostname);
  bind_rtt(s, 5, hop.rtt_min);
  bind_rtt(s, 6, hop.rtt_avg);
  bind_rtt(s, 7, hop.rtt_max);
  s.bind(8, hop.sent);
  s.bind(9, hop.received);
  if (hop.asn == 0) {
    s.bind_null(10);
  } else {
    s.bind(10, hop.asn);
  }
  s.bind_text_or_null(11, hop.as_name);
  s.bind_text_or_null(12, hop.country);
  s.bind_text_or_null(13, hop.city);
  s.run();
  const std::int64_t hop_id = connection_.last_insert_rowid();
  for (const LatencySample& sample : hop.samples) {
    insert_sample_.bind(1, hop_id);
    insert_sample_.bind(2, sample.probe);
    bind_rtt(insert_sample_, 3, sample.rtt);
    insert_sample_.bind(4, sample.at);
    insert_sample_.run();
  }
  return hop_id;
}

void HopRepository::update_summary(std::int64_t trace_id, const TracerouteRecord& trace) {
  if (!upsert_summary_.valid()) {
    // avg_rtt_ms is the exact mean over the traces that measured a round trip (rtt_traces).
    upsert_summary_ = connection_.prepare(
        "INSERT INTO path_summary (destination, traces, last_traceroute_id, last_hop_count, last_rtt_ms, avg_rtt_ms, "
        "rtt_traces, reached, first_seen, last_seen) VALUES (?1, 1, ?2, ?3, ?4, ?4, ?4 IS NOT NULL, ?5, ?6, ?6) "
        "ON CONFLICT (destination) DO UPDATE SET traces = traces + 1, "
        "last_traceroute_id = excluded.last_traceroute_id, last_hop_count = excluded.last_hop_count, "
        "last_rtt_ms = excluded.last_rtt_ms, "
        "avg_rtt_ms = CASE WHEN excluded.last_rtt_ms IS NULL THEN avg_rtt_ms "
        "ELSE (COALESCE(avg_rtt_ms, 0) * rtt_traces + excluded.last_rtt_ms) / (rtt_traces + 1) END, "
        "rtt_traces = rtt_traces + (excluded.last_rtt_ms IS NOT NULL), reached = excluded.reached, "
        "last_seen = MAX(last_seen, excluded.last_seen)",
        true);
  }
  Statement& s = upsert_summary_;
  s.bind(1, trace.destination);
  s.bind(2, trace_id);
  s.bind(3, static_cast<std::uint64_t>(trace.hops.size()));
  bind_rtt(s, 4, path_rtt(trace));
  s.bind(5, trace.reached);
  s.bind(6, trace.finished_at.value_or(trace.started_at));
  s.run();
}

std::vector<TracerouteRecord> HopRepository::history(const util::IpAddress& destination, std::size_t limit) {
  Statement statement = connection_.prepare(
      "SELECT id, session_id, destination, target, probe, started_at, finished_at, reached FROM traceroutes "
      "WHERE destination = ?1 ORDER BY started_at DESC, id DESC LIMIT ?2");
  statement.bind(1, destination);
  statement.bind(2, limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(limit));
  std::vector<TracerouteRecord> runs;
  while (statement.step()) {
    TracerouteRecord trace;
    trace.id = statement.int64(0);
    if (!statement.is_null(1)) trace.session = SessionId{statement.int64(1)};
    trace.destination = statement.ip(2);
    trace.target = statement.text(3);
    trace.probe = statement.text(4);
    trace.started_at = statement.time(5);
    trace.finished_at = statement.optional_time(6);
    trace.reached = statement.int64(7) != 0;
    runs.push_back(std::move(trace));
  }
  for (TracerouteRecord& trace : runs) read_hops(trace);
  return runs;
}

void HopRepository::read_hops(TracerouteRecord& trace) {
  Statement hops = connection_.prepare(
      "SELECT id, ttl, ip, hostname, rtt_min_ms, rtt_avg_ms, rtt_max_ms, sent, received, asn, as_name, country, "
      "city FROM hops WHERE traceroute_id = ?1 ORDER BY ttl");
  Statement samples =
      connection_.prepare("SELECT probe, rtt_ms, sampled_at FROM latency_samples WHERE hop_id = ?1 ORDER BY probe, id");
  hops.bind(1, trace.id);
  while (hops.step()) {
    HopRecord hop;
    hop.ttl = hops.integer<std::uint8_t>(1);
    hop.address = hops.ip(2);
    hop.hostname = hops.text(3);
    hop.rtt_min = read_rtt(hops, 4);
    hop.rtt_avg = read_rtt(hops, 5);
    hop.rtt_max = read_rtt(hops, 6);
    hop.sent = hops.integer<std::uint32_t>(7);
    hop.received = hops.integer<std::uint32_t>(8);
    hop.asn = hops.integer<std::uint32_t>(9);
    hop.as_name = hops.text(10);
    hop.country = hops.text(11);
    hop.city = hops.text(12);
    samples.bind(1, hops.int64(0));
    while (samples.step()) {
      hop.samples.push_back(LatencySample{samples.integer<std::uint32_t>(0), read_rtt(samples, 1), samples.time(2)});
    }
    samples.reset();
    trace.hops.push_back(std::move(hop));
  }
}

std::optional<PathSummary> HopRepository::summary(const util::IpAddress& destination) {
  Statement statement =
      connection_.prepare("SELECT " + std::string(kSummaryColumns) + " FROM path_summary WHERE destination = ?1");
  statement.bind(1, destination);
  if (!statement.step()) return std::nullopt;
  return read_summary(statement);
}

std::vector<PathSummary> HopRepository::summaries(std::size_t limit) {
  Statement statement = connection_.prepare("SELECT " + std::string(kSummaryColumns) +
                                            " FROM path_summary ORDER BY last_seen DESC LIMIT ?1");
  statement.bind(1, limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(limit));
  std::vector<PathSummary> rows;
  while (statement.step()) rows.push_back(read_summary(statement));
  return rows;
}

}  // namespace pt::store::repositories

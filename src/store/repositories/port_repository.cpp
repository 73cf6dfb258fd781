#include "store/repositories/port_repository.hpp"

#include <string>

namespace pt::store::repositories {

namespace {

std::string_view order_by(PortSort sort) {
  switch (sort) {
    case PortSort::Bytes: return "bytes DESC, port";
    case PortSort::Packets: return "packets DESC, port";
    case PortSort::Connections: return "connections DESC, port";
    case PortSort::Rate: return "rate DESC, port";
  }
  return "port";
}

}  // namespace

void PortRepository::upsert(const PortRecord& p) {
  if (!upsert_port_.valid()) {
    upsert_port_ = connection_.prepare(
        "INSERT INTO port_stats (session_id, port, protocol, packets, bytes, connections, hits, unique_destinations, "
        "rate, service, port_range, first_seen, last_seen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, "
        "?13) ON CONFLICT (session_id, protocol, port) DO UPDATE SET packets = excluded.packets, "
        "bytes = excluded.bytes, connections = excluded.connections, hits = excluded.hits, "
        "unique_destinations = excluded.unique_destinations, rate = excluded.rate, "
        "service = COALESCE(excluded.service, service), port_range = excluded.port_range, "
        "last_seen = excluded.last_seen",
        true);
  }
  Statement& s = upsert_port_;
  s.bind(1, p.session.value);
  s.bind(2, unsigned{p.port.value});
  s.bind(3, unsigned{p.protocol});
  s.bind(4, p.packets);
  s.bind(5, p.bytes);
  s.bind(6, p.connections);
  s.bind(7, p.hits);
  s.bind(8, p.unique_destinations);
  s.bind(9, p.rate);
  s.bind_text_or_null(10, p.service);
  s.bind_text_or_null(11, p.range);
  s.bind(12, p.first_seen);
  s.bind(13, p.last_seen);
  s.run();
}

void PortRepository::upsert(const ScanRecord& scan) {
  if (!upsert_scan_.valid()) {
    upsert_scan_ = connection_.prepare(
        "INSERT INTO scan_activity (session_id, source_ip, distinct_ports, distinct_hosts, rate, probes, kinds, "
        "verdict, top_target, first_seen, last_seen) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) "
        "ON CONFLICT (session_id, source_ip) DO UPDATE SET distinct_ports = excluded.distinct_ports, "
        "distinct_hosts = excluded.distinct_hosts, rate = excluded.rate, probes = excluded.probes, "
        "kinds = excluded.kinds, verdict = excluded.verdict, top_target = excluded.top_target, "
        "last_seen = excluded.last_seen",
        true);
  }
  Statement& s = upsert_scan_;
  s.bind(1, scan.session.value);
  s.bind(2, scan.source);
  s.bind(3, scan.distinct_ports);
  s.bind(4, scan.distinct_hosts);
  s.bind(5, scan.rate);
  s.bind(6, scan.probes);
  s.bind_text_or_null(7, scan.kinds);
  s.bind(8, scan.verdict.empty() ? std::string_view("none") : std::string_view(scan.verdict));
  s.bind(9, scan.top_target);
  s.bind(10, scan.first_seen);
  s.bind(11, scan.last_seen);
  s.run();
}

std::vector<PortRecord> PortRepository::list(SessionId session, PortSort sort, std::size_t limit) {
  Statement statement = connection_.prepare(
      "SELECT session_id, port, protocol, packets, bytes, connections, hits, unique_destinations, rate, service, "
      "port_range, first_seen, last_seen FROM port_stats WHERE session_id = ?1 ORDER BY " +
      std::string(order_by(sort)) + " LIMIT ?2");
  statement.bind(1, session.value);
  statement.bind(2, limit == 0 ? std::int64_t{-1} : static_cast<std::int64_t>(limit));
  std::vector<PortRecord> ports;
  while (statement.step()) {
    PortRecord p;
    p.session = SessionId{statement.int64(0)};
    p.port = util::Port{statement.integer<std::uint16_t>(1)};
    p.protocol = statement.integer<std::uint8_t>(2);
    p.packets = statement.uint64(3);
    p.bytes = statement.uint64(4);
    p.connections = statement.uint64(5);
    p.hits = statement.integer<std::uint32_t>(6);
    p.unique_destinations = statement.integer<std::uint32_t>(7);
    p.rate = statement.real(8);
    p.service = statement.text(9);
    p.range = statement.text(10);
    p.first_seen = statement.time(11);
    p.last_seen = statement.time(12);
    ports.push_back(std::move(p));
  }
  return ports;
}

std::vector<ScanRecord> PortRepository::scans(SessionId session) {
  Statement statement = connection_.prepare(
      "SELECT session_id, source_ip, distinct_ports, distinct_hosts, rate, probes, kinds, verdict, top_target, "
      "first_seen, last_seen FROM scan_activity WHERE session_id = ?1 ORDER BY "
      "CASE verdict WHEN 'likely_scanner' THEN 0 WHEN 'suspicious' THEN 1 ELSE 2 END, distinct_ports DESC, id");
  statement.bind(1, session.value);
  std::vector<ScanRecord> scans;
  while (statement.step()) {
    ScanRecord s;
    s.session = SessionId{statement.int64(0)};
    s.source = statement.ip(1);
    s.distinct_ports = statement.integer<std::uint32_t>(2);
    s.distinct_hosts = statement.integer<std::uint32_t>(3);
    s.rate = statement.real(4);
    s.probes = statement.uint64(5);
    s.kinds = statement.text(6);
    s.verdict = statement.text(7);
    s.top_target = statement.ip(8);
    s.first_seen = statement.time(9);
    s.last_seen = statement.time(10);
    scans.push_back(std::move(s));
  }
  return scans;
}

}  // namespace pt::store::repositories

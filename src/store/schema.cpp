#include "store/schema.hpp"

#include <array>

namespace pt::store {

namespace {

// Times are REAL unix seconds (datetime(x, 'unixepoch') reads them); addresses are canonical
// text (IPv6 compressed per RFC 5952), so the dashboard's substring filter is a LIKE.
// Session and traceroute ids are AUTOINCREMENT (never reused after pruning, so "--session 7"
// always means the same capture); SQLite keeps that counter in sqlite_sequence, the 18th table.
// Tables that belong to one capture reference sessions(id) ON DELETE CASCADE, so pruning a
// session removes its flows, ports, scans and classifications in one statement.
constexpr std::string_view kV1 = R"sql(
CREATE TABLE schema_version (
  version INTEGER PRIMARY KEY,
  applied_at REAL NOT NULL,
  description TEXT NOT NULL
);

CREATE TABLE sessions (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  started_at REAL NOT NULL,
  ended_at REAL,
  updated_at REAL NOT NULL,
  source_kind TEXT NOT NULL CHECK (source_kind IN ('interface', 'file')),
  source TEXT NOT NULL,
  filter TEXT NOT NULL DEFAULT '',
  packets INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  flows INTEGER NOT NULL DEFAULT 0,
  dropped INTEGER NOT NULL DEFAULT 0,
  app_version TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_by_start ON sessions(started_at);

CREATE TABLE flows (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  flow_id INTEGER NOT NULL,
  flow_key TEXT NOT NULL,
  protocol INTEGER NOT NULL,
  ip_version INTEGER NOT NULL,
  src_ip TEXT NOT NULL,
  src_port INTEGER NOT NULL,
  dst_ip TEXT NOT NULL,
  dst_port INTEGER NOT NULL,
  src_mac TEXT,
  dst_mac TEXT,
  packets_sent INTEGER NOT NULL DEFAULT 0,
  packets_recv INTEGER NOT NULL DEFAULT 0,
  bytes_sent INTEGER NOT NULL DEFAULT 0,
  bytes_recv INTEGER NOT NULL DEFAULT 0,
  payload_sent INTEGER NOT NULL DEFAULT 0,
  payload_recv INTEGER NOT NULL DEFAULT 0,
  first_seen REAL NOT NULL,
  last_seen REAL NOT NULL,
  state TEXT,
  history TEXT,
  closed INTEGER NOT NULL DEFAULT 0,
  end_reason TEXT,
  ttl_sent_min INTEGER,
  ttl_sent_max INTEGER,
  ttl_recv_min INTEGER,
  ttl_recv_max INTEGER,
  fragments INTEGER NOT NULL DEFAULT 0,
  app TEXT,
  category TEXT,
  detection TEXT,
  traits INTEGER NOT NULL DEFAULT 0,
  encrypted INTEGER NOT NULL DEFAULT 0,
  server_name TEXT,
  service TEXT,
  src_country TEXT,
  src_country_code TEXT,
  src_city TEXT,
  src_asn INTEGER,
  src_as_name TEXT,
  dst_country TEXT,
  dst_country_code TEXT,
  dst_city TEXT,
  dst_asn INTEGER,
  dst_as_name TEXT,
  src_hostname TEXT,
  src_domain TEXT,
  dst_hostname TEXT,
  dst_domain TEXT,
  UNIQUE (session_id, flow_id)
);
CREATE INDEX flows_by_src ON flows(session_id, src_ip);
CREATE INDEX flows_by_dst ON flows(session_id, dst_ip);

CREATE TABLE port_stats (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  port INTEGER NOT NULL,
  protocol INTEGER NOT NULL,
  packets INTEGER NOT NULL DEFAULT 0,
  bytes INTEGER NOT NULL DEFAULT 0,
  connections INTEGER NOT NULL DEFAULT 0,
  hits INTEGER NOT NULL DEFAULT 0,
  unique_destinations INTEGER NOT NULL DEFAULT 0,
  rate REAL NOT NULL DEFAULT 0,
  service TEXT,
  port_range TEXT,
  first_seen REAL NOT NULL,
  last_seen REAL NOT NULL,
  UNIQUE (session_id, protocol, port)
);

CREATE TABLE geo_cache (
  ip TEXT PRIMARY KEY,
  country TEXT,
  country_code TEXT,
  region TEXT,
  city TEXT,
  latitude REAL,
  longitude REAL,
  asn INTEGER,
  as_name TEXT,
  isp TEXT,
  org TEXT,
  source TEXT,
  updated_at REAL NOT NULL
);
CREATE INDEX geo_cache_by_age ON geo_cache(updated_at);

CREATE TABLE dns_cache (
  ip TEXT PRIMARY KEY,
  hostname TEXT,
  domain TEXT,
  display_name TEXT,
  status TEXT NOT NULL,
  source TEXT,
  updated_at REAL NOT NULL
);
CREATE INDEX dns_cache_by_age ON dns_cache(updated_at);

CREATE TABLE traceroutes (
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL,
  destination TEXT NOT NULL,
  target TEXT,
  probe TEXT NOT NULL,
  started_at REAL NOT NULL,
  finished_at REAL,
  reached INTEGER NOT NULL DEFAULT 0,
  hop_count INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX traceroutes_by_destination ON traceroutes(destination, started_at);

CREATE TABLE hops (
  id INTEGER PRIMARY KEY,
  traceroute_id INTEGER NOT NULL REFERENCES traceroutes(id) ON DELETE CASCADE,
  ttl INTEGER NOT NULL,
  ip TEXT,
  hostname TEXT,
  rtt_min_ms REAL,
  rtt_avg_ms REAL,
  rtt_max_ms REAL,
  sent INTEGER NOT NULL DEFAULT 0,
  received INTEGER NOT NULL DEFAULT 0,
  asn INTEGER,
  as_name TEXT,
  country TEXT,
  city TEXT,
  UNIQUE (traceroute_id, ttl)
);
CREATE INDEX hops_by_ip ON hops(ip);

CREATE TABLE latency_samples (
  id INTEGER PRIMARY KEY,
  hop_id INTEGER NOT NULL REFERENCES hops(id) ON DELETE CASCADE,
  probe INTEGER NOT NULL,
  rtt_ms REAL,
  sampled_at REAL NOT NULL
);
CREATE INDEX latency_samples_by_hop ON latency_samples(hop_id);

CREATE TABLE path_summary (
  destination TEXT PRIMARY KEY,
  traces INTEGER NOT NULL DEFAULT 0,
  last_traceroute_id INTEGER REFERENCES traceroutes(id) ON DELETE SET NULL,
  last_hop_count INTEGER NOT NULL DEFAULT 0,
  last_rtt_ms REAL,
  avg_rtt_ms REAL,
  rtt_traces INTEGER NOT NULL DEFAULT 0,
  reached INTEGER NOT NULL DEFAULT 0,
  first_seen REAL NOT NULL,
  last_seen REAL NOT NULL
);

CREATE TABLE devices (
  mac TEXT PRIMARY KEY,
  ip TEXT,
  kind TEXT NOT NULL,
  reason TEXT,
  addresses_behind INTEGER NOT NULL DEFAULT 0,
  packets INTEGER NOT NULL DEFAULT 0,
  first_seen REAL NOT NULL,
  last_seen REAL NOT NULL,
  last_session_id INTEGER REFERENCES sessions(id) ON DELETE SET NULL
);

CREATE TABLE node_ownership (
  ip TEXT PRIMARY KEY,
  asn INTEGER,
  as_name TEXT,
  org TEXT,
  isp TEXT,
  network TEXT,
  country TEXT,
  source TEXT,
  updated_at REAL NOT NULL
);

CREATE TABLE route_patterns (
  id INTEGER PRIMARY KEY,
  destination TEXT NOT NULL,
  signature TEXT NOT NULL,
  hop_count INTEGER NOT NULL,
  first_seen REAL NOT NULL,
  last_seen REAL NOT NULL,
  times_seen INTEGER NOT NULL DEFAULT 1,
  UNIQUE (destination, signature)
);
CREATE INDEX route_patterns_by_recency ON route_patterns(destination, last_seen);

CREATE TABLE route_changes (
  id INTEGER PRIMARY KEY,
  destination TEXT NOT NULL,
  changed_at REAL NOT NULL,
  old_pattern_id INTEGER REFERENCES route_patterns(id) ON DELETE SET NULL,
  new_pattern_id INTEGER REFERENCES route_patterns(id) ON DELETE SET NULL,
  kind TEXT NOT NULL,
  description TEXT
);
CREATE INDEX route_changes_by_destination ON route_changes(destination, changed_at);
CREATE INDEX route_changes_by_time ON route_changes(changed_at);

CREATE TABLE scan_activity (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  source_ip TEXT NOT NULL,
  distinct_ports INTEGER NOT NULL DEFAULT 0,
  distinct_hosts INTEGER NOT NULL DEFAULT 0,
  rate REAL NOT NULL DEFAULT 0,
  probes INTEGER NOT NULL DEFAULT 0,
  kinds TEXT,
  verdict TEXT NOT NULL,
  top_target TEXT,
  first_seen REAL NOT NULL,
  last_seen REAL NOT NULL,
  UNIQUE (session_id, source_ip)
);

CREATE TABLE classifications (
  id INTEGER PRIMARY KEY,
  session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
  flow_id INTEGER NOT NULL,
  app_protocol_id INTEGER NOT NULL DEFAULT 0,
  master_protocol_id INTEGER NOT NULL DEFAULT 0,
  category_id INTEGER NOT NULL DEFAULT 0,
  app TEXT,
  master TEXT,
  category TEXT,
  method TEXT NOT NULL,
  traits INTEGER NOT NULL DEFAULT 0,
  patterns TEXT,
  encrypted INTEGER NOT NULL DEFAULT 0,
  service TEXT,
  server_name TEXT,
  updated_at REAL NOT NULL,
  UNIQUE (session_id, flow_id)
);

CREATE TABLE ns_lookup (
  domain TEXT PRIMARY KEY,
  nameservers TEXT,
  status TEXT NOT NULL,
  updated_at REAL NOT NULL
);
)sql";

// v2 (spec "FQDN & Path Tracking"): full names beside hostname/domain on flows and dns_cache.
constexpr std::string_view kV2 = R"sql(
ALTER TABLE flows ADD COLUMN src_fqdn TEXT;
ALTER TABLE flows ADD COLUMN dst_fqdn TEXT;
ALTER TABLE dns_cache ADD COLUMN fqdn TEXT;
)sql";

constexpr std::array kSteps{
    MigrationStep{1, "initial schema: sessions, flows, ports, caches, paths, devices, routes, security", kV1},
    MigrationStep{2, "fqdn columns on flows (src_fqdn, dst_fqdn) and dns_cache (fqdn)", kV2},
};
static_assert(kSteps.back().version == kSchemaVersion);

}  // namespace

std::span<const MigrationStep> migration_steps() { return kSteps; }

}  // namespace pt::store

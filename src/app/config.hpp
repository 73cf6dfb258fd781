#pragma once
// The one validated configuration of a run: defaults (the spec's config.py values) <- config
// file (--config, INI/TOML "key = value" with the long option names) <- command-line flags.
// Parsed and checked once in cli.cpp; each layer then gets its own section.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pt::app {

enum class Mode : std::uint8_t {
  Dashboard,       // the default: live (or replayed) traffic in the terminal UI
  Simple,          // --simple: a text summary every second, no keyboard
  Report,          // --report text|json over a file (-r), a live capture (-i/--duration) or a trace (-t)
  ListInterfaces,  // --list
  Sessions,        // `packettracer sessions`
  SessionReport,   // --session ID --report ...
};

enum class ReportFormat : std::uint8_t { None, Text, Json };

struct CaptureSection {
  std::vector<std::string> interfaces;             // -i (repeatable); empty = the default interface
  std::string filter;                              // -f BPF
  std::optional<std::filesystem::path> read_file;  // -r
  int snaplen = 262144;
  bool promiscuous = true;
  bool immediate = true;
  int buffer_mb = 16;
  double duration_seconds = 0;  // live report: stop after this long (0 = until Ctrl-C)
  double replay_speed = 0;      // dashboard replay pacing: 0 = as fast as possible, 1 = real time
};

struct EngineSection {
  std::size_t max_flows = 50'000;     // MAX_FLOWS
  double flow_timeout_seconds = 300;  // FLOW_TIMEOUT
  bool dpi = true;                    // --no-dpi turns nDPI off
  std::uint32_t scan_window_seconds = 60;
  std::uint32_t scan_likely_ports = 10;     // > 10 ports ...
  double scan_likely_rate = 0.5;            // ... at > 0.5 ports/s = likely scanner
  std::uint32_t scan_suspicious_ports = 5;  // 5+ ports = suspicious
};

struct ResolveSection {
  bool active_lookups = true;  // --no-resolve turns PTR/WHOIS/online geo off (passive names stay)
  std::optional<std::filesystem::path> geoip_db;
  std::optional<std::filesystem::path> asn_db;
  std::string dns_servers;                // "ip[:port],..."; empty = /etc/resolv.conf
  std::string geo_provider = "offline";   // or "ip-api"
  std::size_t geo_cache_size = 10'000;    // GEO_CACHE_SIZE
  double geo_cache_ttl_seconds = 3600;    // GEO_CACHE_TTL
  std::size_t dns_cache_size = 5'000;     // DNS_CACHE_SIZE
  double dns_cache_ttl_seconds = 3600;    // DNS_CACHE_TTL
  double dns_timeout_seconds = 1;         // DNS_TIMEOUT
  std::uint32_t geo_api_rate_limit = 45;  // GEO_API_RATE_LIMIT per minute
};

struct StoreSection {
  bool enabled = true;                        // --no-db keeps everything in memory
  std::filesystem::path path;                 // DB_PATH (default ~/.packettracer/data.db)
  bool path_given = false;                    // --db was passed explicitly
  std::size_t read_pool_size = 4;             // DB_READ_POOL_SIZE
  std::size_t write_batch_size = 100;         // DB_WRITE_BATCH_SIZE
  std::uint32_t write_flush_ms = 100;         // DB_WRITE_FLUSH_MS
  double geo_cache_ttl_seconds = 86400;       // DB_GEO_CACHE_TTL
  double dns_cache_ttl_seconds = 3600;        // DB_DNS_CACHE_TTL
  std::uint32_t session_retention_days = 30;  // DB_SESSION_RETENTION_DAYS
  std::optional<std::int64_t> session_id;     // --session ID
};

struct TraceSection {
  std::optional<std::string> target;  // -t HOST
  std::string probe = "icmp";         // icmp | udp | tcp
  int max_hops = 30;
  int probes_per_hop = 3;
  double probe_timeout_seconds = 1;
  bool auto_trace = false;  // trace the busiest public destinations automatically
  int auto_trace_per_minute = 2;
};

struct DashboardSection {
  double refresh_seconds = 0.1;        // REFRESH_RATE
  std::size_t max_flows_display = 50;  // MAX_FLOWS_DISPLAY
};

struct LogSection {
  std::filesystem::path path;  // default ~/.packettracer/packettracer.log
  std::string level = "info";
};

struct Config {
  Mode mode = Mode::Dashboard;
  ReportFormat report = ReportFormat::None;
  CaptureSection capture;
  EngineSection engine;
  ResolveSection resolve;
  StoreSection store;
  TraceSection trace;
  DashboardSection dashboard;
  LogSection log;
};

}  // namespace pt::app

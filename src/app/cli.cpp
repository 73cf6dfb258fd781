#include "app/cli.hpp"

#include <CLI/CLI.hpp>
#include <sstream>

#include "util/log.hpp"

namespace pt::app {
namespace {

constexpr const char* kDescription =
    "PacketTracer: real-time network traffic analysis in the terminal.\n"
    "Captures live (libpcap) or from a pcap/pcapng file, tracks flows, classifies traffic (nDPI),\n"
    "detects port scans, resolves geo/ASN/names, traces paths, and stores history in SQLite.";

struct Flags {
  std::string report;
  bool list = false;
  bool simple = false;
  bool no_resolve = false;
  bool no_dpi = false;
  bool no_db = false;
  bool no_promisc = false;
  std::string db;
  std::string log_file;
  std::string read_file;
  std::string geoip_db;
  std::string asn_db;
  std::int64_t session = -1;
};

void add_capture_options(CLI::App& app, Config& c, Flags& f) {
  app.add_option("-i,--interface", c.capture.interfaces, "Capture on IFACE (repeatable; default: first up interface)")
      ->group("Capture");
  app.add_option("-f,--filter", c.capture.filter, "BPF capture filter, e.g. \"tcp port 443\"")->group("Capture");
  app.add_option("-r,--read", f.read_file, "Read packets from a pcap/pcapng FILE instead of an interface")
      ->group("Capture");
  app.add_flag("--list", f.list, "List capture interfaces and exit")->group("Capture");
  app.add_option("--duration", c.capture.duration_seconds, "Live capture: stop after SECONDS (with --report)")
      ->check(CLI::NonNegativeNumber)
      ->group("Capture");
  app.add_option("--snaplen", c.capture.snaplen, "Bytes captured per packet")
      ->check(CLI::Range(64, 262144))
      ->group("Capture");
  app.add_flag("--no-promisc", f.no_promisc, "Do not put the interface in promiscuous mode")->group("Capture");
  app.add_option("--buffer-mb", c.capture.buffer_mb, "Kernel capture buffer in MiB")
      ->check(CLI::Range(1, 2048))
      ->group("Capture");
  app.add_option("--replay-speed", c.capture.replay_speed,
                 "Dashboard replay pacing: 0 = as fast as possible, 1 = real time, 10 = ten times faster")
      ->check(CLI::NonNegativeNumber)
      ->group("Capture");
}

void add_output_options(CLI::App& app, Config& c, Flags& f) {
  app.add_option("--report", f.report, "Print a report instead of the dashboard: text or json")
      ->check(CLI::IsMember({"text", "json"}))
      ->group("Output");
  app.add_flag("--simple", f.simple, "No dashboard: print a text summary every second")->group("Output");
  app.add_option("--refresh", c.dashboard.refresh_seconds, "Dashboard refresh interval in seconds (REFRESH_RATE)")
      ->check(CLI::Range(0.02, 10.0))
      ->group("Output");
  app.add_option("--max-flows-display", c.dashboard.max_flows_display, "Flows shown in the traffic view")
      ->check(CLI::Range(1, 100000))
      ->group("Output");
  app.add_option("--log-file", f.log_file, "Debug log file (default ~/.packettracer/packettracer.log)")
      ->group("Output");
  app.add_option("--log-level", c.log.level, "trace, debug, info, warn, error")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}))
      ->group("Output");
}

void add_engine_options(CLI::App& app, Config& c, Flags& f) {
  app.add_flag("--no-dpi", f.no_dpi, "Skip nDPI deep packet inspection (port-based classification only)")
      ->group("Analysis");
  app.add_option("--max-flows", c.engine.max_flows, "Flows tracked at once (MAX_FLOWS)")
      ->check(CLI::Range(16, 10'000'000))
      ->group("Analysis");
  app.add_option("--flow-timeout", c.engine.flow_timeout_seconds, "Idle seconds before a flow expires")
      ->check(CLI::Range(1.0, 86400.0))
      ->group("Analysis");
  app.add_option("--scan-window", c.engine.scan_window_seconds, "Port-scan detection window in seconds")
      ->check(CLI::Range(1, 86400))
      ->group("Analysis");
  app.add_option("--scan-ports", c.engine.scan_likely_ports, "Likely scanner: more than this many ports ...")
      ->check(CLI::Range(1, 65535))
      ->group("Analysis");
  app.add_option("--scan-rate", c.engine.scan_likely_rate, "... at more than this many ports per second")
      ->check(CLI::NonNegativeNumber)
      ->group("Analysis");
  app.add_option("--scan-suspicious", c.engine.scan_suspicious_ports, "Suspicious: at least this many ports")
      ->check(CLI::Range(1, 65535))
      ->group("Analysis");
}

void add_resolve_options(CLI::App& app, Config& c, Flags& f) {
  app.add_flag("--no-resolve", f.no_resolve, "No active lookups (PTR, WHOIS, online geo); passive names stay")
      ->group("Resolution");
  app.add_option("--geoip-db", f.geoip_db, "GeoIP City database (.mmdb)")->group("Resolution");
  app.add_option("--asn-db", f.asn_db, "GeoIP ASN database (.mmdb)")->group("Resolution");
  app.add_option("--dns-server", c.resolve.dns_servers, "DNS servers for PTR lookups: ip[:port],...")
      ->group("Resolution");
  app.add_option("--geo-provider", c.resolve.geo_provider, "offline (mmdb) or ip-api (online, rate limited)")
      ->check(CLI::IsMember({"offline", "ip-api"}))
      ->group("Resolution");
  app.add_option("--dns-timeout", c.resolve.dns_timeout_seconds, "PTR lookup timeout in seconds (DNS_TIMEOUT)")
      ->check(CLI::Range(0.05, 30.0))
      ->group("Resolution");
}

void add_store_options(CLI::App& app, Config& c, Flags& f) {
  app.add_option("--db", f.db, "SQLite database (default ~/.packettracer/data.db)")->group("History");
  app.add_flag("--no-db", f.no_db, "Keep everything in memory; write no database")->group("History");
  app.add_option("--session", f.session, "With --report: report a stored session by ID")->group("History");
  app.add_option("--retention-days", c.store.session_retention_days, "Prune sessions older than this")
      ->check(CLI::Range(1, 36500))
      ->group("History");
}

void add_trace_options(CLI::App& app, Config& c) {
  app.add_option("-t,--trace", c.trace.target, "Start with a traceroute to HOST (with --report: print it)")
      ->group("Paths");
  app.add_option("--probe", c.trace.probe, "Traceroute probes: icmp, udp or tcp")
      ->check(CLI::IsMember({"icmp", "udp", "tcp"}))
      ->group("Paths");
  app.add_option("--max-hops", c.trace.max_hops, "Traceroute maximum hops")->check(CLI::Range(1, 64))->group("Paths");
  app.add_flag("--auto-trace", c.trace.auto_trace, "Trace the busiest public destinations automatically")
      ->group("Paths");
}

// Cross-option rules CLI11 cannot express; returns an error text or empty.
std::string finish_config(Config& c, const Flags& f, bool sessions_command) {
  c.report = f.report == "json" ? ReportFormat::Json : f.report == "text" ? ReportFormat::Text : ReportFormat::None;
  if (!f.read_file.empty()) c.capture.read_file = f.read_file;
  if (!f.geoip_db.empty()) c.resolve.geoip_db = f.geoip_db;
  if (!f.asn_db.empty()) c.resolve.asn_db = f.asn_db;
  c.capture.promiscuous = !f.no_promisc;
  c.engine.dpi = !f.no_dpi;
  c.resolve.active_lookups = !f.no_resolve;
  c.store.enabled = !f.no_db;
  const auto state = util::default_state_dir();
  c.store.path_given = !f.db.empty();
  c.store.path = f.db.empty() ? state / "data.db" : std::filesystem::path(f.db);
  c.log.path = f.log_file.empty() ? state / "packettracer.log" : std::filesystem::path(f.log_file);
  if (f.session >= 0) c.store.session_id = f.session;

  if (sessions_command) {
    c.mode = Mode::Sessions;
    return {};
  }
  if (f.list) {
    c.mode = Mode::ListInterfaces;
    return {};
  }
  if (f.simple && c.report != ReportFormat::None) return "--simple and --report cannot be combined";
  if (c.store.session_id) {
    if (c.report == ReportFormat::None) return "--session needs --report text|json";
    c.mode = Mode::SessionReport;
    return {};
  }
  if (c.capture.read_file && !c.capture.interfaces.empty()) return "-r FILE and -i IFACE cannot be combined";
  if (c.capture.duration_seconds > 0 && c.capture.read_file) return "--duration applies to live capture only";
  if (c.report != ReportFormat::None) {
    c.mode = Mode::Report;
    return {};
  }
  c.mode = f.simple ? Mode::Simple : Mode::Dashboard;
  return {};
}

}  // namespace

ParseOutcome parse_command_line(int argc, const char* const* argv) {
  Config config;
  Flags flags;
  CLI::App app{kDescription, "packettracer"};
  app.set_version_flag("-V,--version", std::string("packettracer ") + PT_VERSION);
  app.set_config("--config", "", "Read options from a config file (key = value, long option names)");
  app.footer(
      "Exit status: 0 success, 1 runtime failure (capture, file, database), 2 usage error.\n"
      "Examples:\n"
      "  packettracer                       dashboard on the default interface\n"
      "  packettracer -i eth0 -f 'tcp port 443'\n"
      "  packettracer -r capture.pcap --report json\n"
      "  packettracer -t 8.8.8.8 --report text\n"
      "  packettracer sessions");
  add_capture_options(app, config, flags);
  add_output_options(app, config, flags);
  add_engine_options(app, config, flags);
  add_resolve_options(app, config, flags);
  add_store_options(app, config, flags);
  add_trace_options(app, config);
  auto* sessions = app.add_subcommand("sessions", "List the capture sessions stored in the database");
  // `packettracer sessions --db PATH --report json`: the main options also apply after the word.
  sessions->fallthrough();

  ParseOutcome outcome;
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp&) {
    outcome.output = app.help();
    return outcome;
  } catch (const CLI::CallForAllHelp&) {
    outcome.output = app.help("", CLI::AppFormatMode::All);
    return outcome;
  } catch (const CLI::CallForVersion&) {
    outcome.output = std::string("packettracer ") + PT_VERSION + "\n";
    return outcome;
  } catch (const CLI::ParseError& e) {
    outcome.exit_code = 2;
    outcome.error = std::string("packettracer: ") + e.what() + "\nRun 'packettracer --help' for the options.\n";
    return outcome;
  }
  if (auto error = finish_config(config, flags, sessions->parsed()); !error.empty()) {
    outcome.exit_code = 2;
    outcome.error = "packettracer: " + error + "\nRun 'packettracer --help' for the options.\n";
    return outcome;
  }
  outcome.config = std::move(config);
  return outcome;
}

}  // namespace pt::app

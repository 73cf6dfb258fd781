#include "app/run.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <iostream>

#include "app/cli.hpp"
#include "app/dashboard_command.hpp"
#include "app/list_command.hpp"
#include "app/report_command.hpp"
#include "app/resolver_bridge.hpp"
#include "app/session_command.hpp"
#include "app/signals.hpp"
#include "app/store_resolve_cache.hpp"
#include "app/store_settings.hpp"
#include "app/store_trace_sink.hpp"
#include "app/trace_command.hpp"
#include "store/store_error.hpp"
#include "trace/trace_error.hpp"
#include "util/log.hpp"

namespace pt::app {
namespace {

void start_logging(const Config& config) {
  const auto level = spdlog::level::from_str(config.log.level);
  if (auto error = util::init_file_log(config.log.path, level); !error.empty()) {
    // Logging is a debugging aid; the run goes on without it.
    std::cerr << "packettracer: warning: cannot write the log " << config.log.path << ": " << error << "\n";
  }
}

// -t HOST --report --db PATH also records the trace (and its route history) and the names it
// looked up; like a capture report, only when --db was given.
std::unique_ptr<store::Database> open_trace_database(const Config& config, std::ostream& err) {
  if (!config.store.enabled || !config.store.path_given) return nullptr;
  try {
    return store::Database::open(make_store_settings(config));
  } catch (const store::StoreError& e) {
    err << "packettracer: warning: the trace will not be stored: " << e.what() << "\n";
    spdlog::error("trace report: {}", e.what());
    return nullptr;
  }
}

// -t HOST --report: a traceroute printed like `mtr --report`, names from the resolver.
int trace_report(const Config& config) {
  TraceReportOptions options;
  try {
    options = trace_report_options(config);
  } catch (const trace::TraceError& e) {
    std::cerr << "packettracer: " << e.what() << "\n";
    return 2;
  }
  const auto database = open_trace_database(config, std::cerr);
  const bool database_failed = config.store.enabled && config.store.path_given && !database;
  StoreResolveCache cache;
  std::unique_ptr<StoreTraceSink> sink;
  if (database) {
    cache.attach(*database);
    sink = std::make_unique<StoreTraceSink>(*database, std::nullopt);
  }
  resolve::Resolver resolver(make_resolver_config(config), database ? &cache : nullptr);
  resolver.start();
  ResolverHopAnnotator annotator(resolver);
  const int status = run_trace_report(options, &annotator, std::cout, std::cerr, sink.get());
  resolver.stop();
  cache.detach();
  if (database && !database->writer().flush()) {
    std::cerr << "packettracer: warning: the trace was not stored: " << database->writer().stats().failure << "\n";
    return status == 0 ? 1 : status;
  }
  return status == 0 && database_failed ? 1 : status;
}

int dispatch(const Config& config) {
  switch (config.mode) {
    case Mode::ListInterfaces: return list_interfaces_command(std::cout, std::cerr);
    case Mode::Report:
      if (config.trace.target && !config.capture.read_file && config.capture.interfaces.empty()) {
        return trace_report(config);
      }
      return report_command(config, std::cout, std::cerr);
    case Mode::Dashboard: return dashboard_command(config, std::cout, std::cerr);
    case Mode::Simple: return simple_command(config, std::cout, std::cerr);
    case Mode::Sessions: return sessions_command(config, std::cout, std::cerr);
    case Mode::SessionReport: return session_report_command(config, std::cout, std::cerr);
  }
  return 1;
}

}  // namespace

int run(int argc, const char* const* argv) {
  util::discard_log();  // nothing may reach the terminal before the log file is open
  auto parsed = parse_command_line(argc, argv);
  if (!parsed.config) {
    std::cout << parsed.output;
    std::cerr << parsed.error;
    return parsed.exit_code;
  }
  const Config& config = *parsed.config;
  start_logging(config);
  SignalScope signals;
  try {
    const int status = dispatch(config);
    spdlog::info("exit status {}", status);
    spdlog::shutdown();
    return status;
  } catch (const std::exception& e) {
    spdlog::critical("fatal: {}", e.what());
    spdlog::shutdown();
    std::cerr << "packettracer: " << e.what() << "\n";
    return 1;
  }
}

}  // namespace pt::app

#include "app/run.hpp"

#include <spdlog/spdlog.h>

#include <exception>
#include <iostream>

#include "app/cli.hpp"
#include "app/dashboard_command.hpp"
#include "app/list_command.hpp"
#include "app/report_command.hpp"
#include "app/resolver_bridge.hpp"
#include "app/signals.hpp"
#include "app/trace_command.hpp"
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

// -t HOST --report: a traceroute printed like `mtr --report`, names from the resolver.
int trace_report(const Config& config) {
  TraceReportOptions options;
  try {
    options = trace_report_options(config);
  } catch (const trace::TraceError& e) {
    std::cerr << "packettracer: " << e.what() << "\n";
    return 2;
  }
  resolve::Resolver resolver(make_resolver_config(config));
  resolver.start();
  ResolverHopAnnotator annotator(resolver);
  const int status = run_trace_report(options, &annotator, std::cout, std::cerr);
  resolver.stop();
  return status;
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
    case Mode::Sessions:
    case Mode::SessionReport: break;
  }
  std::cerr << "packettracer: this mode is not available in this build\n";
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

#include "app/report_command.hpp"

#include <spdlog/spdlog.h>

#include "app/pipeline.hpp"
#include "app/resolver_bridge.hpp"
#include "report/json_report.hpp"
#include "report/text_report.hpp"

namespace pt::app {
namespace {

// Names and geo arrive in the background; a report waits this long for what is still pending.
constexpr auto kResolveWait = std::chrono::seconds(3);

report::SourceInfo source_info(Pipeline& pipeline, const LoopResult& result) {
  auto& source = pipeline.source();
  report::SourceInfo info;
  info.kind = source.is_live() ? "live" : "file";
  info.name = source.description();
  info.filter = pipeline.config().capture.filter;
  if (source.is_live()) {
    const auto counters = source.counters();
    info.has_capture_counters = true;
    info.received = counters.kernel_received;
    info.dropped = counters.kernel_dropped;
    info.interface_dropped = counters.interface_dropped;
  }
  if (result.error) info.error = result.message;
  return info;
}

}  // namespace

int report_command(const Config& config, std::ostream& out, std::ostream& err) {
  std::unique_ptr<Pipeline> pipeline;
  try {
    // A report persists only when --db was given: scripted reports should not grow ~/.packettracer.
    pipeline = std::make_unique<Pipeline>(
        config, PipelineOptions{.collect_flows = true, .use_database = config.store.path_given, .tracing = false});
  } catch (const capture::CaptureError& e) {
    err << "packettracer: " << e.what() << "\n";
    return 1;
  }
  spdlog::info("report: reading {}", pipeline->source().description());
  const auto result = pipeline->run_capture();
  pipeline->finish();
  pipeline->resolver().wait_idle(kResolveWait);

  const auto snapshot = pipeline->engine().snapshot();
  report::ReportInput input{*snapshot, pipeline->collected().flows(), source_info(*pipeline, result),
                            make_report_annotator(pipeline->resolver())};
  if (config.report == ReportFormat::Json) {
    report::write_json_report(input, out);
  } else {
    report::write_text_report(input, out);
  }
  out.flush();
  for (const auto& w : pipeline->warnings()) err << "packettracer: warning: " << w << "\n";
  if (result.error) {
    spdlog::error("report: {}", result.message);
    err << "packettracer: " << result.message << "\n";
    return 1;
  }
  if (pipeline->database_failed()) return 1;
  return 0;
}

}  // namespace pt::app

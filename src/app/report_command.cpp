#include "app/report_command.hpp"

#include <spdlog/spdlog.h>

#include "app/capture_loop.hpp"
#include "app/engine_config.hpp"
#include "app/outbox_fanout.hpp"
#include "app/signals.hpp"
#include "app/sources.hpp"
#include "report/json_report.hpp"
#include "report/text_report.hpp"

namespace pt::app {

int report_command(const Config& config, std::ostream& out, std::ostream& err) {
  std::unique_ptr<capture::Source> source;
  try {
    source = open_source(config);
  } catch (const capture::CaptureError& e) {
    err << "packettracer: " << e.what() << "\n";
    return 1;
  }
  SignalScope::watch(source.get());
  FlowCollector collector;
  OutboxFanout outbox;
  outbox.add(collector);
  engine::Engine engine(make_engine_config(config), outbox);
  CaptureLoop loop(*source, engine, {.duration_seconds = config.capture.duration_seconds});
  spdlog::info("report: reading {}", source->description());
  const auto result = loop.run();
  SignalScope::watch(nullptr);
  engine.finish();

  const auto snapshot = engine.snapshot();
  report::SourceInfo info;
  info.kind = source->is_live() ? "live" : "file";
  info.name = source->description();
  info.filter = config.capture.filter;
  if (source->is_live()) {
    const auto counters = source->counters();
    info.has_capture_counters = true;
    info.received = counters.kernel_received;
    info.dropped = counters.kernel_dropped;
    info.interface_dropped = counters.interface_dropped;
  }
  if (result.error) info.error = result.message;
  report::ReportInput input{*snapshot, collector.flows(), info, {}};
  if (config.report == ReportFormat::Json) {
    report::write_json_report(input, out);
  } else {
    report::write_text_report(input, out);
  }
  out.flush();
  if (result.error) {
    spdlog::error("report: {}", result.message);
    err << "packettracer: " << result.message << "\n";
    return 1;
  }
  return 0;
}

}  // namespace pt::app

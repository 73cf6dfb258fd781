#include "app/dashboard_command.hpp"

#include <spdlog/spdlog.h>

#include <thread>

#include "app/dashboard_source.hpp"
#include "app/pipeline.hpp"
#include "app/signals.hpp"
#include "report/text_format.hpp"
#include "ui/dashboard.hpp"
#include "ui/simple_summary.hpp"
#include "ui/terminal.hpp"

namespace pt::app {
namespace {

std::unique_ptr<Pipeline> open_pipeline(const Config& config, std::ostream& err) {
  try {
    return std::make_unique<Pipeline>(config,
                                      PipelineOptions{.collect_flows = false, .use_database = true, .tracing = true});
  } catch (const capture::CaptureError& e) {
    err << "packettracer: " << e.what() << "\n";
  }
  return nullptr;
}

// What the session left behind, printed once the terminal is back.
void print_farewell(Pipeline& pipeline, std::ostream& out, std::ostream& err) {
  const auto snapshot = pipeline.engine().snapshot();
  out << "packettracer: " << report::human_count(snapshot->decode.packets) << " packets, "
      << report::human_bytes(snapshot->decode.bytes) << ", " << snapshot->flow_table.created << " flows";
  if (pipeline.database() != nullptr && !pipeline.database_failed()) {
    out << "; session " << pipeline.session_id() << " saved in " << pipeline.database()->path().string();
  }
  out << "\n";
  for (const auto& w : pipeline.warnings()) err << "packettracer: warning: " << w << "\n";
}

void restore_terminal(void* terminal) { static_cast<const ui::Terminal*>(terminal)->emergency_restore(); }

}  // namespace

int dashboard_command(const Config& config, std::ostream& out, std::ostream& err) {
  auto pipeline = open_pipeline(config, err);
  if (!pipeline) return 1;
  PipelineDashboardSource source(*pipeline);
  pipeline->start_capture_thread();
  try {
    ui::Terminal terminal;
    SignalScope::on_fatal(restore_terminal, &terminal);
    ui::DashboardOptions options;
    options.refresh = std::chrono::milliseconds(static_cast<std::int64_t>(config.dashboard.refresh_seconds * 1000));
    options.max_flows_display = static_cast<int>(config.dashboard.max_flows_display);
    ui::Dashboard dashboard(source, options);
    const auto why = dashboard.run(terminal, SignalScope::stop_flag());
    spdlog::info("dashboard closed ({})", why == ui::ExitReason::Quit ? "q" : "signal");
    SignalScope::on_fatal(nullptr, nullptr);
    terminal.restore();
  } catch (const ui::TerminalError& e) {
    SignalScope::on_fatal(nullptr, nullptr);
    pipeline->finish();
    err << "packettracer: " << e.what() << " (try --simple or --report text)\n";
    return 1;
  }
  pipeline->finish();
  print_farewell(*pipeline, out, err);
  return pipeline->database_failed() ? 1 : 0;
}

int simple_command(const Config& config, std::ostream& out, std::ostream& err) {
  auto pipeline = open_pipeline(config, err);
  if (!pipeline) return 1;
  PipelineDashboardSource source(*pipeline);
  pipeline->start_capture_thread();
  const auto annotate = [&](const util::IpAddress& a) { return source.annotate(a); };
  auto next = std::chrono::steady_clock::now();
  for (;;) {
    next += std::chrono::seconds(1);
    while (!SignalScope::stop_requested() && !pipeline->capture_finished() && std::chrono::steady_clock::now() < next) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
    const bool done = SignalScope::stop_requested() || pipeline->capture_finished();
    if (done) std::this_thread::sleep_for(std::chrono::milliseconds(150));  // the final snapshot
    const auto snapshot = source.snapshot();
    out << ui::simple_summary(*snapshot, source.status(), annotate) << "\n";
    out.flush();
    if (done || !out) break;
  }
  pipeline->finish();
  print_farewell(*pipeline, out, err);
  if (const auto result = pipeline->capture_result(); result && result->error) return 1;
  return pipeline->database_failed() ? 1 : 0;
}

}  // namespace pt::app

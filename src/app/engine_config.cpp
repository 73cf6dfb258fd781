#include "app/engine_config.hpp"

#include <cmath>

namespace pt::app {

engine::EngineConfig make_engine_config(const Config& config) {
  const auto& e = config.engine;
  engine::EngineConfig out;
  out.flows.capacity = e.max_flows;
  out.flows.idle_timeout =
      std::chrono::duration_cast<util::Duration>(std::chrono::duration<double>(e.flow_timeout_seconds));
  out.classifier.dpi_enabled = e.dpi;
  out.scans.window = std::chrono::seconds(e.scan_window_seconds);
  out.scans.likely_ports_above = e.scan_likely_ports;
  out.scans.likely_rate_above = e.scan_likely_rate;
  out.scans.suspicious_ports = e.scan_suspicious_ports;
  return out;
}

}  // namespace pt::app

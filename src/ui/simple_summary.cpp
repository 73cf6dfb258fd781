#include "ui/simple_summary.hpp"

#include <algorithm>
#include <vector>

#include "ui/annotator.hpp"
#include "ui/flow_identity.hpp"
#include "ui/format.hpp"
#include "ui/ports_model.hpp"
#include "ui/views/frame.hpp"
#include "ui/views/paths_view.hpp"
#include "util/terminal_safe_string.hpp"

namespace pt::ui {
namespace {

std::string state_word(const CaptureStatus& s) {
  if (s.paused) return "paused";
  if (s.mode == CaptureMode::Replay) return s.finished ? "replay done" : "replay " + percent(s.replay_progress);
  return "live";
}

std::string headline(const engine::Snapshot& snap, const CaptureStatus& st) {
  std::string out = "[" + views::clock_time(snap.time) + "] " + (st.source.empty() ? std::string("-") : st.source) +
                    " " + state_word(st);
  out += " · " + human_count(snap.traffic.packets) + " packets (" +
         human_rate(snap.traffic.current.packets_per_second, "pkt/s") + ")";
  out += " · " + human_bytes(snap.traffic.bytes) + " (" + human_bits_per_second(snap.traffic.current.bits_per_second) +
         ")";
  out += " · " + std::to_string(snap.flows.size()) + " flows · drops " + std::to_string(st.kernel_drops);
  if (st.database) out += " · db " + std::to_string(st.db_queue) + " queued";
  if (st.db_dropped > 0) out += " (" + std::to_string(st.db_dropped) + " dropped)";
  out += " · resolver " + std::to_string(st.resolver_queue);
  return out + "\n";
}

std::string flow_line(const engine::Snapshot& snap, const engine::FlowRow& f, const AnnotateFn& annotate) {
  std::string line = "    " + views::protocol_label(f.protocol) + " " +
                     views::endpoint_label(f.src, f.src_port, f.protocol) + " > " +
                     views::endpoint_label(f.dst, f.dst_port, f.protocol) + "  " + human_bytes(f.bytes()) + "  " +
                     std::to_string(f.packets()) + " pkts";
  std::string name;
  if (annotate) name = sanitized(annotate(remote_address(f))).fqdn;
  if (name.empty() && !f.classification.server_name.empty()) {
    name = util::terminal_safe(f.classification.server_name.view());
  }
  if (!name.empty()) line += "  " + name;
  return line + "  " + views::app_label(snap, f.classification) + "\n";
}

}  // namespace

std::string simple_summary(const engine::Snapshot& snapshot, const CaptureStatus& status, const AnnotateFn& annotate,
                           SimpleOptions options) {
  std::string out = headline(snapshot, status);
  std::vector<const engine::FlowRow*> flows;
  flows.reserve(snapshot.flows.size());
  for (const auto& f : snapshot.flows) flows.push_back(&f);
  const std::size_t n = std::min(options.top_flows, flows.size());
  std::partial_sort(
      flows.begin(), flows.begin() + static_cast<std::ptrdiff_t>(n), flows.end(),
      [](const auto* a, const auto* b) { return a->bytes() != b->bytes() ? a->bytes() > b->bytes() : a->id < b->id; });
  if (n > 0) out += "  top flows:\n";
  for (std::size_t i = 0; i < n; ++i) out += flow_line(snapshot, *flows[i], annotate);
  const PortsModel ports = build_ports(snapshot, FlowScope{}, PortSort::Packets, options.top_ports);
  if (!ports.ports.empty()) {
    out += "  top ports:";
    for (std::size_t i = 0; i < ports.ports.size() && i < options.top_ports; ++i) {
      const PortLine& p = ports.ports[i];
      out +=
          (i == 0 ? " " : " · ") + std::to_string(p.port.value) + "/" + std::string(engine::protocol_name(p.protocol));
      if (!p.service.empty()) out += " " + p.service;
      out += " " + human_count(p.packets) + " pkts";
    }
    out += "\n";
  }
  for (const auto* s : ports.scans) {
    if (s->verdict == engine::ScanVerdict::None) continue;
    out += "  scanner: " + s->source.to_string() + " " + std::to_string(s->distinct_ports) + " ports " +
           std::to_string(s->distinct_hosts) + " hosts " +
           (s->verdict == engine::ScanVerdict::LikelyScanner ? "likely scanner" : "suspicious") + "\n";
  }
  for (const auto& w : status.warnings) out += "  warning: " + util::terminal_safe(w) + "\n";
  return out;
}

}  // namespace pt::ui

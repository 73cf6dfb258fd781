#include "report/text_report.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "report/flow_summary.hpp"
#include "report/text_format.hpp"
#include "util/terminal_safe_string.hpp"

namespace pt::report {
namespace {

std::string endpoint(const util::IpAddress& a, util::Port p, std::uint8_t protocol) {
  const bool ports = protocol == 6 || protocol == 17 || protocol == 132;
  const auto text = a.is_v6() && ports ? "[" + a.to_string() + "]" : a.to_string();
  return ports ? text + ":" + std::to_string(p.value) : text;
}

void write_totals(const ReportInput& in, std::ostream& out) {
  const auto& d = in.snapshot.decode;
  out << fmt::format("PacketTracer report: {} {}\n", in.source.kind, util::terminal_safe(in.source.name));
  if (!in.source.error.empty()) out << "  stopped early: " << in.source.error << "\n";
  if (!in.contents.frame_counters) {
    // A stored session: totals only (its packet times and per-frame counters are not kept).
    out << fmt::format("  {} packets, {}\n", human_count(d.packets), human_bytes(d.bytes));
  } else {
    const double seconds = d.packets > 1 ? util::to_seconds(d.last_timestamp - d.first_timestamp) : 0.0;
    out << fmt::format("  {} packets, {} over {:.1f} s", human_count(d.packets), human_bytes(d.bytes), seconds);
    if (seconds > 0) out << fmt::format(" ({})", human_rate_bits(static_cast<double>(d.bytes) * 8.0 / seconds));
    out << "\n";
    const auto& p = d.protocols;
    out << fmt::format("  ipv4 {}  ipv6 {}  arp {}  tcp {}  udp {}  icmp {}  icmpv6 {}  other {}\n", p.ipv4, p.ipv6,
                       p.arp, p.tcp, p.udp, p.icmp, p.icmpv6, p.other);
    out << fmt::format("  decode: ok {}  truncated {}  malformed {}  unsupported {}\n", d.outcomes.ok,
                       d.outcomes.truncated, d.outcomes.malformed, d.outcomes.unsupported);
  }
  if (in.source.has_capture_counters) {
    out << fmt::format("  capture: received {}  dropped {}\n", in.source.received, in.source.dropped);
  }
  const auto& t = in.snapshot.flow_table;
  out << fmt::format("  flows: {} total, {} active, {} evicted, {} expired\n", in.flows.size(), t.active, t.evicted,
                     t.expired);
}

void write_top_flows(const ReportInput& in, std::ostream& out) {
  out << "\nTop flows by bytes\n";
  out << fmt::format("  {:<5} {:<44} {:<44} {:>10} {:>10} {:>8}  {}\n", "proto", "source", "destination", "sent",
                     "recv", "packets", "app");
  const auto order = order_by_bytes(in.flows);
  for (std::size_t i = 0; i < std::min(order.size(), in.text_top); ++i) {
    const auto& f = in.flows[order[i]];
    auto app = in.snapshot.app_name(f.classification);
    if (!f.classification.server_name.empty()) {
      app += " (" + util::terminal_safe(f.classification.server_name.view(), {.max_code_points = 40}) + ")";
    }
    out << fmt::format("  {:<5} {:<44} {:<44} {:>10} {:>10} {:>8}  {}\n", engine::protocol_name(f.protocol),
                       endpoint(f.src, f.src_port, f.protocol), endpoint(f.dst, f.dst_port, f.protocol),
                       human_bytes(f.bytes_sent), human_bytes(f.bytes_recv), f.packets(), app);
  }
}

void write_top_ports(const ReportInput& in, std::ostream& out) {
  auto ports = in.snapshot.ports;
  std::sort(ports.begin(), ports.end(), [](const auto& a, const auto& b) { return a.bytes > b.bytes; });
  out << "\nTop ports by bytes\n";
  out << fmt::format("  {:>7} {:<5} {:<14} {:>10} {:>9} {:>8} {:>6}\n", "port", "proto", "service", "bytes", "packets",
                     "conns", "hits");
  for (std::size_t i = 0; i < std::min(ports.size(), in.text_top); ++i) {
    const auto& p = ports[i];
    out << fmt::format("  {:>7} {:<5} {:<14} {:>10} {:>9} {:>8} {:>6}\n", p.port.value,
                       engine::protocol_name(p.protocol), p.service.view(), human_bytes(p.bytes), p.packets,
                       p.connections, p.hits);
  }
}

void write_scanners(const ReportInput& in, std::ostream& out) {
  out << "\nPort scan detection\n";
  bool any = false;
  for (const auto& s : in.snapshot.scans) {
    if (s.verdict == engine::ScanVerdict::None) continue;
    any = true;
    out << fmt::format("  {:<40} {:<15} {:>6} ports {:>5} hosts {:>8.2f} ports/s  {}\n", s.source.to_string(),
                       engine::to_string(s.verdict), s.distinct_ports, s.distinct_hosts, s.rate,
                       engine::scan_kind_names(s.kinds));
  }
  if (!any) out << "  no scanning activity\n";
}

void write_applications(const ReportInput& in, std::ostream& out) {
  const auto summary = summarize_flows(in.flows, in.snapshot);
  out << "\nApplications\n";
  for (std::size_t i = 0; i < std::min(summary.applications.size(), in.text_top); ++i) {
    const auto& a = summary.applications[i];
    out << fmt::format("  {:<28} {:>7} flows {:>10}\n", a.label, a.flows, human_bytes(a.bytes));
  }
  if (summary.total_bytes > 0) {
    out << fmt::format("  encrypted: {} of {} flows, {:.1f}% of bytes\n", summary.encrypted_flows, summary.total_flows,
                       100.0 * static_cast<double>(summary.encrypted_bytes) / static_cast<double>(summary.total_bytes));
  }
}

}  // namespace

void write_text_report(const ReportInput& in, std::ostream& out) {
  write_totals(in, out);
  write_top_flows(in, out);
  write_top_ports(in, out);
  write_scanners(in, out);
  write_applications(in, out);
}

}  // namespace pt::report

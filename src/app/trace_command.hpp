#pragma once
// `packettracer -t HOST --report text|json`: one traceroute without the dashboard, printed like
// `mtr --report` (hop, address, FQDN, loss%, sent, last/avg/best/worst/stdev RTT, ASN, owner,
// location). Also the host-name resolution `-t HOST` needs in every mode.

#include <chrono>
#include <optional>
#include <ostream>
#include <string>

#include "app/config.hpp"
#include "trace/hop_annotator.hpp"
#include "trace/probe_config.hpp"
#include "trace/probe_transport.hpp"
#include "trace/trace_result.hpp"
#include "trace/trace_sink.hpp"

namespace pt::app {

struct TraceReportOptions {
  std::string host;  // a name or an address
  ReportFormat format = ReportFormat::Text;
  trace::ProbeConfig probe;
  // PTR and WHOIS answers arrive in the background: how long to wait for pending hop names
  // after the trace before printing what is known.
  std::chrono::milliseconds names_wait{3000};
};

// The options from the validated config (-t, --probe, --max-hops, ...). Throws
// trace::TraceError(InvalidConfig) for an unknown probe type.
TraceReportOptions trace_report_options(const Config& config);

struct ResolvedTarget {
  util::IpAddress address;  // empty on failure
  std::string error;        // why the host could not be resolved
};
// Resolves a host name or address literal with getaddrinfo (the first address, IPv4 or IPv6,
// in the system's preference order). Blocking: call it before the dashboard starts.
ResolvedTarget resolve_trace_target(const std::string& host);

// Runs the trace over raw sockets and prints it. annotator may be null (no names, only address
// scopes); sink, when given (--db), records the trace and the route history as the trace
// service would. Exit status: 0 when the trace ran (reached or not), 1 for a runtime failure
// (unknown host, no privilege: one line on err), 2 for invalid probe options.
int run_trace_report(const TraceReportOptions& options, trace::HopAnnotator* annotator, std::ostream& out,
                     std::ostream& err, trace::TraceSink* sink = nullptr);
// The same over a given transport (tests run it over a simulated network).
int run_trace_report(const TraceReportOptions& options, trace::ProbeTransport& transport,
                     trace::HopAnnotator* annotator, std::ostream& out, std::ostream& err,
                     trace::TraceSink* sink = nullptr);

// Records one finished trace into a sink with the trace service's rules: the route compared
// with the last one recorded (a change is reported before the new pattern), then the trace.
// Failed and cancelled traces say nothing about the route. Sink errors propagate.
void record_trace(trace::TraceSink& sink, const trace::TraceResult& trace);

// The printed forms of a finished trace.
void write_trace_text(const trace::TraceResult& trace, std::ostream& out);
void write_trace_json(const trace::TraceResult& trace, std::ostream& out);

}  // namespace pt::app

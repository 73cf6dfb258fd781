#include "app/trace_command.hpp"

#include <fmt/format.h>
#include <netdb.h>
#include <sys/socket.h>

#include <algorithm>
#include <ctime>
#include <thread>
#include <vector>

#include "report/json_writer.hpp"
#include "trace/path_summary.hpp"
#include "trace/prober.hpp"
#include "trace/raw_socket_transport.hpp"
#include "trace/route_pattern.hpp"
#include "trace/trace_error.hpp"
#include "util/terminal_safe_string.hpp"

namespace pt::app {
namespace {

constexpr auto kNamesPoll = std::chrono::milliseconds(100);

std::string iso_time(util::Timestamp t) {
  const auto seconds = static_cast<std::time_t>(util::to_unix_nanos(t) / 1'000'000'000);
  std::tm tm{};
  ::gmtime_r(&seconds, &tm);
  std::array<char, 32> buf{};
  std::strftime(buf.data(), buf.size(), "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf.data();
}

// One report line without trailing blanks (empty trailing columns leave them).
void put_line(std::ostream& out, std::string line) {
  while (!line.empty() && line.back() == ' ') line.pop_back();
  out << line << '\n';
}

double ms(util::Duration d) { return static_cast<double>(d.count()) / 1e6; }

std::string ms_text(const std::optional<util::Duration>& d) { return d ? fmt::format("{:.2f}", ms(*d)) : ""; }

// Names come from the network (PTR, WHOIS): never let them reach a terminal unsanitized.
std::string safe(const std::string& s) {
  return util::terminal_safe(s, {.max_code_points = 64, .keep_newlines = false});
}

std::string owner_text(const trace::HopNames& n) {
  if (n.asn == 0) return safe(n.owner);
  return n.owner.empty() ? fmt::format("AS{}", n.asn) : fmt::format("AS{} {}", n.asn, safe(n.owner));
}

std::string status_line(const trace::TraceResult& t) {
  switch (t.status) {
    case trace::TraceStatus::Reached: return fmt::format("reached in {} hops", t.hops.size());
    case trace::TraceStatus::Unreachable: return fmt::format("unreachable at hop {}", t.hops.size());
    case trace::TraceStatus::NotReached: return fmt::format("no answer from the target within {} hops", t.max_hops);
    case trace::TraceStatus::Cancelled: return "cancelled";
    case trace::TraceStatus::Failed: return "failed: " + t.error;
    case trace::TraceStatus::Running: return "running";
  }
  return "";
}

// Waits (briefly) for the annotator's background lookups to fill in pending names.
void annotate(trace::TraceResult& result, trace::HopAnnotator& annotator, std::chrono::milliseconds wait) {
  trace::annotate_hops(result, annotator);
  const auto until = std::chrono::steady_clock::now() + wait;
  while (trace::has_pending_names(result) && std::chrono::steady_clock::now() < until) {
    std::this_thread::sleep_for(kNamesPoll);
    trace::annotate_hops(result, annotator);
  }
}

// The trace is printed either way; a store that cannot take it is a warning.
void record(trace::TraceSink& sink, const trace::TraceResult& result, std::ostream& err) {
  try {
    record_trace(sink, result);
  } catch (const std::exception& e) {
    err << "packettracer: warning: the trace was not stored: " << e.what() << "\n";
  }
}

}  // namespace

TraceReportOptions trace_report_options(const Config& config) {
  TraceReportOptions o;
  o.host = config.trace.target.value_or("");
  o.format = config.report == ReportFormat::Json ? ReportFormat::Json : ReportFormat::Text;
  const auto protocol = trace::parse_probe_protocol(config.trace.probe);
  if (!protocol) {
    throw trace::TraceError(trace::TraceErrorKind::InvalidConfig,
                            "unknown probe type '" + config.trace.probe + "' (icmp, udp or tcp)");
  }
  o.probe.protocol = *protocol;
  o.probe.max_hops = static_cast<std::uint8_t>(std::clamp(config.trace.max_hops, 0, 255));
  o.probe.probes_per_hop = static_cast<std::uint8_t>(std::clamp(config.trace.probes_per_hop, 0, 255));
  o.probe.probe_timeout =
      std::chrono::milliseconds(static_cast<std::int64_t>(config.trace.probe_timeout_seconds * 1000.0));
  if (!config.resolve.active_lookups) o.names_wait = std::chrono::milliseconds(0);
  return o;
}

ResolvedTarget resolve_trace_target(const std::string& host) {
  ResolvedTarget r;
  if (auto literal = util::IpAddress::parse(host)) {
    r.address = *literal;
    return r;
  }
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* list = nullptr;
  const int rc = ::getaddrinfo(host.c_str(), nullptr, &hints, &list);
  if (rc != 0 || list == nullptr) {
    r.error = "cannot resolve " + host + ": " + ::gai_strerror(rc);
    return r;
  }
  for (const addrinfo* ai = list; ai != nullptr && r.address.empty(); ai = ai->ai_next) {
    std::array<char, 64> text{};
    if (::getnameinfo(ai->ai_addr, ai->ai_addrlen, text.data(), text.size(), nullptr, 0, NI_NUMERICHOST) == 0) {
      if (auto a = util::IpAddress::parse(text.data())) r.address = *a;
    }
  }
  ::freeaddrinfo(list);
  if (r.address.empty()) r.error = "cannot resolve " + host + ": no usable address";
  return r;
}

void record_trace(trace::TraceSink& sink, const trace::TraceResult& trace) {
  const bool measured = trace.status == trace::TraceStatus::Reached ||
                        trace.status == trace::TraceStatus::Unreachable ||
                        trace.status == trace::TraceStatus::NotReached;
  if (measured) {
    auto observed = trace::pattern_of(trace);
    if (observed.has_answers()) {
      const auto previous = sink.last_pattern(trace.target);
      std::optional<trace::RouteChange> change;
      if (previous) change = trace::detect_route_change(*previous, observed, trace.id);
      if (change) sink.route_changed(*change);
      sink.pattern_observed(previous && !change ? trace::merge_pattern(*previous, observed) : observed);
    }
  }
  trace::PathSummary summary;
  summary.destination = trace.target;
  summary.add(trace);
  sink.trace_finished(trace, summary);
}

int run_trace_report(const TraceReportOptions& options, trace::HopAnnotator* annotator, std::ostream& out,
                     std::ostream& err, trace::TraceSink* sink) {
  try {
    trace::RawSocketTransport::check_privilege();
    trace::RawSocketTransport transport;
    return run_trace_report(options, transport, annotator, out, err, sink);
  } catch (const trace::TraceError& e) {
    err << "packettracer: " << e.what() << "\n";
    return e.kind() == trace::TraceErrorKind::InvalidConfig ? 2 : 1;
  }
}

int run_trace_report(const TraceReportOptions& options, trace::ProbeTransport& transport,
                     trace::HopAnnotator* annotator, std::ostream& out, std::ostream& err, trace::TraceSink* sink) {
  const auto target = resolve_trace_target(options.host);
  if (target.address.empty()) {
    err << "packettracer: " << target.error << "\n";
    return 1;
  }
  trace::ScopeOnlyAnnotator scopes;
  try {
    trace::Prober prober(transport, options.probe);
    auto result = prober.run(target.address, util::wall_clock_now());
    if (target.address.to_string() != options.host) result.target_name = options.host;
    annotate(result, annotator != nullptr ? *annotator : scopes, options.names_wait);
    if (options.format == ReportFormat::Json) {
      write_trace_json(result, out);
    } else {
      write_trace_text(result, out);
    }
    if (sink != nullptr) record(*sink, result, err);
    return 0;
  } catch (const trace::TraceError& e) {
    err << "packettracer: " << e.what() << "\n";
    return e.kind() == trace::TraceErrorKind::InvalidConfig ? 2 : 1;
  }
}

void write_trace_text(const trace::TraceResult& t, std::ostream& out) {
  const auto name =
      t.target_name.empty() ? t.target.to_string() : fmt::format("{} ({})", safe(t.target_name), t.target.to_string());
  out << fmt::format("Trace to {}, {}, {} hops max, {} probes per hop\n", name, trace::to_string(t.protocol),
                     t.max_hops, t.probes_per_hop);
  out << fmt::format("Start: {}  {}\n", iso_time(t.started), status_line(t));
  std::size_t address_width = 7;
  std::size_t fqdn_width = 4;
  for (const auto& h : t.hops) {
    for (const auto& r : h.responders) {
      address_width = std::max(address_width, r.address.to_string().size());
      fqdn_width = std::max(fqdn_width, util::display_width(safe(r.names.fqdn)));
    }
  }
  put_line(out, fmt::format("{:>3}  {:<{}}  {:<{}}  {:>6} {:>4} {:>7} {:>7} {:>7} {:>7} {:>7}  {}  {}", "Hop",
                            "Address", address_width, "FQDN", fqdn_width, "Loss%", "Snt", "Last", "Avg", "Best", "Wrst",
                            "StDev", "Owner/ASN", "Location"));
  for (const auto& h : t.hops) {
    const auto s = h.stats();
    const auto* p = h.primary();
    const auto address = p ? p->address.to_string() + (h.unreachable ? " !" : "") : std::string("*");
    const auto fqdn = p ? safe(p->names.fqdn) : std::string();
    put_line(out,
             fmt::format("{:>3}  {:<{}}  {:<{}}  {:>5.1f}% {:>4} {:>7} {:>7} {:>7} {:>7} {:>7}  {}  {}", h.ttl.value,
                         address, address_width, fqdn, fqdn_width + (fqdn.size() - util::display_width(fqdn)),
                         s.loss_percent, s.sent, ms_text(s.last), ms_text(s.average), ms_text(s.best), ms_text(s.worst),
                         ms_text(s.stddev), p ? owner_text(p->names) : "", p ? safe(p->names.location) : ""));
    // Other addresses that answered at this TTL (a load balancer), as mtr lists them.
    for (std::size_t i = 1; i < h.responders.size(); ++i) {
      const auto& r = h.responders[i];
      put_line(out, fmt::format("     {:<{}}  {}", r.address.to_string(), address_width, safe(r.names.fqdn)));
    }
  }
}

namespace {

void text_or_null(report::JsonWriter& w, std::string_view key, const std::string& v) {
  w.key(key);
  if (v.empty()) {
    w.null();
  } else {
    w.value(v);
  }
}

void ms_or_null(report::JsonWriter& w, std::string_view key, const std::optional<util::Duration>& d) {
  w.key(key);
  if (d) {
    w.value(ms(*d), 3);
  } else {
    w.null();
  }
}

void write_hop_json(report::JsonWriter& w, const trace::HopResult& h) {
  const auto s = h.stats();
  const auto* p = h.primary();
  w.begin_object();
  w.field("hop", h.ttl.value);
  text_or_null(w, "address", p ? p->address.to_string() : "");
  text_or_null(w, "fqdn", p ? safe(p->names.fqdn) : "");
  w.key("asn");
  if (p && p->names.asn != 0) {
    w.value(p->names.asn);
  } else {
    w.null();
  }
  text_or_null(w, "owner", p ? safe(p->names.owner) : "");
  text_or_null(w, "location", p ? safe(p->names.location) : "");
  w.field("loss_percent", s.loss_percent, 1);
  w.field("sent", s.sent);
  w.field("received", s.received);
  ms_or_null(w, "last_ms", s.last);
  ms_or_null(w, "avg_ms", s.average);
  ms_or_null(w, "best_ms", s.best);
  ms_or_null(w, "worst_ms", s.worst);
  ms_or_null(w, "stdev_ms", s.stddev);
  w.field("unreachable", h.unreachable);
  w.key("responders").begin_array();
  for (const auto& r : h.responders) {
    w.begin_object().field("address", r.address.to_string()).field("replies", r.replies);
    text_or_null(w, "fqdn", safe(r.names.fqdn));
    w.end_object();
  }
  w.end_array();
  w.end_object();
}

}  // namespace

void write_trace_json(const trace::TraceResult& t, std::ostream& out) {
  report::JsonWriter w(out);
  w.begin_object();
  w.field("target", t.target_name.empty() ? t.target.to_string() : safe(t.target_name));
  w.field("address", t.target.to_string());
  w.field("protocol", trace::to_string(t.protocol));
  w.key("port");
  if (t.protocol == trace::ProbeProtocol::Icmp) {
    w.null();
  } else {
    w.value(t.dst_port.value);
  }
  w.field("max_hops", t.max_hops);
  w.field("probes_per_hop", t.probes_per_hop);
  w.field("started", iso_time(t.started));
  w.field("duration_ms", ms(t.finished - t.started), 3);
  w.field("status", trace::to_string(t.status));
  w.field("reached", t.reached());
  w.key("hops").begin_array();
  for (const auto& h : t.hops) write_hop_json(w, h);
  w.end_array();
  w.end_object();
  out << "\n";
}

}  // namespace pt::app

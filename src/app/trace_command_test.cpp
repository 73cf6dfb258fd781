#include "app/trace_command.hpp"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "trace/memory_trace_sink.hpp"
#include "trace/testing/simulated_network.hpp"
#include "trace/trace_error.hpp"

namespace pt::app {
namespace {

using trace::testing::SimulatedHop;
using trace::testing::SimulatedNetwork;

// Names like a resolver gives them: pending for the first `pending_calls` lookups.
class LabAnnotator : public trace::HopAnnotator {
 public:
  explicit LabAnnotator(int pending_calls = 0) : pending_calls_(pending_calls) {}
  trace::HopNames annotate(const util::IpAddress& address) override {
    trace::HopNames n;
    if (calls_++ < pending_calls_) {
      n.pending = true;
      return n;
    }
    n.fqdn = address.to_string() == "10.0.1.1" ? "router1.lab.test" : "";
    n.asn = 64500;
    n.owner = "Lab \x1b[31mNetworks";  // an escape sequence from a WHOIS record
    n.location = "Private network";
    return n;
  }

 private:
  int pending_calls_;
  int calls_ = 0;
};

TraceReportOptions options(ReportFormat format) {
  TraceReportOptions o;
  o.host = "10.0.2.2";
  o.format = format;
  o.names_wait = std::chrono::milliseconds(0);
  return o;
}

TEST(TraceCommand, TextReportListsEveryHopLikeMtr) {
  SimulatedNetwork net("10.0.1.2", "10.0.2.2", {{"10.0.1.1"}, {"10.0.12.2", std::chrono::microseconds(1000), true}});
  LabAnnotator names;
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(run_trace_report(options(ReportFormat::Text), net, &names, out, err), 0) << err.str();
  const auto text = out.str();
  EXPECT_NE(text.find("Trace to 10.0.2.2, icmp, 30 hops max, 3 probes per hop"), std::string::npos) << text;
  EXPECT_NE(text.find("reached in 3 hops"), std::string::npos) << text;
  EXPECT_NE(text.find("Loss%"), std::string::npos);
  EXPECT_NE(text.find("  1  10.0.1.1  router1.lab.test    0.0%    3    1.00    1.00    1.00    1.00    0.00  AS64500"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("  2  *"), std::string::npos) << text;
  EXPECT_EQ(text.find(" \n"), std::string::npos) << "no trailing blanks";
  EXPECT_NE(text.find("100.0%"), std::string::npos) << text;
  EXPECT_EQ(text.find('\x1b'), std::string::npos) << "network text is sanitized";
  EXPECT_TRUE(err.str().empty());
}

TEST(TraceCommand, JsonReportCarriesTheSameNumbers) {
  SimulatedNetwork net("10.0.1.2", "10.0.2.2", {{"10.0.1.1"}, {"10.0.12.2", std::chrono::microseconds(1000), true}});
  LabAnnotator names;
  std::ostringstream out;
  std::ostringstream err;
  auto o = options(ReportFormat::Json);
  o.probe.protocol = trace::ProbeProtocol::Udp;
  ASSERT_EQ(run_trace_report(o, net, &names, out, err), 0) << err.str();
  const auto j = nlohmann::json::parse(out.str());
  EXPECT_EQ(j["address"], "10.0.2.2");
  EXPECT_EQ(j["protocol"], "udp");
  EXPECT_EQ(j["port"], 33434);
  EXPECT_EQ(j["status"], "reached");
  EXPECT_TRUE(j["reached"].get<bool>());
  ASSERT_EQ(j["hops"].size(), 3U);
  const auto& first = j["hops"][0];
  EXPECT_EQ(first["hop"], 1);
  EXPECT_EQ(first["address"], "10.0.1.1");
  EXPECT_EQ(first["fqdn"], "router1.lab.test");
  EXPECT_EQ(first["asn"], 64500);
  EXPECT_EQ(first["sent"], 3);
  EXPECT_EQ(first["received"], 3);
  EXPECT_DOUBLE_EQ(first["avg_ms"].get<double>(), 1.0);
  const auto& silent = j["hops"][1];
  EXPECT_TRUE(silent["address"].is_null());
  EXPECT_TRUE(silent["avg_ms"].is_null());
  EXPECT_DOUBLE_EQ(silent["loss_percent"].get<double>(), 100.0);
  EXPECT_EQ(j["hops"][2]["address"], "10.0.2.2");
  EXPECT_DOUBLE_EQ(j["hops"][2]["best_ms"].get<double>(), 3.0);
}

TEST(TraceCommand, WaitsForPendingNames) {
  SimulatedNetwork net("10.0.1.2", "10.0.2.2", {{"10.0.1.1"}});
  LabAnnotator names(3);  // the first round of lookups is pending
  std::ostringstream out;
  std::ostringstream err;
  auto o = options(ReportFormat::Json);
  o.names_wait = std::chrono::milliseconds(2000);
  ASSERT_EQ(run_trace_report(o, net, &names, out, err), 0);
  EXPECT_EQ(nlohmann::json::parse(out.str())["hops"][0]["fqdn"], "router1.lab.test");
}

TEST(TraceCommand, WithoutAnAnnotatorOnlyScopesAreShown) {
  SimulatedNetwork net("10.0.1.2", "10.0.2.2", {{"10.0.1.1"}});
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(run_trace_report(options(ReportFormat::Json), net, nullptr, out, err), 0);
  const auto j = nlohmann::json::parse(out.str());
  EXPECT_TRUE(j["hops"][0]["fqdn"].is_null());
  EXPECT_EQ(j["hops"][0]["location"], "Private network");
}

TEST(TraceCommand, ErrorsAreOneLineAndAnExitStatus) {
  SimulatedNetwork net("10.0.1.2", "10.0.2.2", {{"10.0.1.1"}});
  std::ostringstream out;
  std::ostringstream err;
  auto o = options(ReportFormat::Text);
  o.host = "no-such-host.invalid";
  EXPECT_EQ(run_trace_report(o, net, nullptr, out, err), 1);
  EXPECT_NE(err.str().find("cannot resolve no-such-host.invalid"), std::string::npos) << err.str();

  err.str("");
  net.fail_open_with(trace::TraceErrorKind::PermissionDenied);
  EXPECT_EQ(run_trace_report(options(ReportFormat::Text), net, nullptr, out, err), 1);
  const auto message = err.str();
  EXPECT_EQ(std::count(message.begin(), message.end(), '\n'), 1) << message;

  err.str("");
  o = options(ReportFormat::Text);
  o.probe.max_hops = 0;
  EXPECT_EQ(run_trace_report(o, net, nullptr, out, err), 2);
  EXPECT_NE(err.str().find("max hops"), std::string::npos);
  EXPECT_TRUE(out.str().empty());
}

TEST(TraceCommand, OptionsComeFromTheConfig) {
  Config c;
  c.mode = Mode::Report;
  c.report = ReportFormat::Json;
  c.trace.target = "example.test";
  c.trace.probe = "TCP";
  c.trace.max_hops = 12;
  c.trace.probes_per_hop = 2;
  c.trace.probe_timeout_seconds = 0.25;
  const auto o = trace_report_options(c);
  EXPECT_EQ(o.host, "example.test");
  EXPECT_EQ(o.format, ReportFormat::Json);
  EXPECT_EQ(o.probe.protocol, trace::ProbeProtocol::Tcp);
  EXPECT_EQ(o.probe.max_hops, 12);
  EXPECT_EQ(o.probe.probes_per_hop, 2);
  EXPECT_EQ(o.probe.probe_timeout, std::chrono::milliseconds(250));
  c.trace.probe = "sctp";
  EXPECT_THROW(trace_report_options(c), trace::TraceError);
}

TEST(TraceCommand, ResolvesLiteralsAndNames) {
  EXPECT_EQ(resolve_trace_target("2001:db8::1").address, *util::IpAddress::parse("2001:db8::1"));
  const auto local = resolve_trace_target("localhost");
  EXPECT_TRUE(local.error.empty()) << local.error;
  EXPECT_EQ(local.address.scope(), util::AddressScope::Loopback);
}

// --db: the one-shot trace is recorded like the trace service records one, so a second run
// over a different route reports a change (before/after hops) against the first.
TEST(TraceCommand, WithASinkTheTraceAndTheRouteHistoryAreRecorded) {
  trace::MemoryTraceSink sink;
  SimulatedNetwork net("10.0.1.2", "10.0.2.2", {{"10.0.1.1"}, {"10.0.12.2"}});
  std::ostringstream out;
  std::ostringstream err;
  ASSERT_EQ(run_trace_report(options(ReportFormat::Json), net, nullptr, out, err, &sink), 0) << err.str();
  const auto target = *util::IpAddress::parse("10.0.2.2");
  ASSERT_EQ(sink.traces(target).size(), 1U);
  ASSERT_EQ(sink.patterns(target).size(), 1U);
  EXPECT_TRUE(sink.changes(target).empty());

  net.set_path({{"10.0.1.1"}, {"10.0.13.2"}});
  ASSERT_EQ(run_trace_report(options(ReportFormat::Json), net, nullptr, out, err, &sink), 0) << err.str();
  EXPECT_EQ(sink.traces(target).size(), 2U);
  const auto changes = sink.changes(target);
  ASSERT_EQ(changes.size(), 1U);
  EXPECT_EQ(changes[0].before[1], *util::IpAddress::parse("10.0.12.2"));
  EXPECT_EQ(changes[0].after[1], *util::IpAddress::parse("10.0.13.2"));
}

}  // namespace
}  // namespace pt::app

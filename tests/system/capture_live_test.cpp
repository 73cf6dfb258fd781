// Live capture end to end (issue 2 "System test"): the real packettracer binary captures on the
// target's end of a veth pair while the client namespace pings it a known number of times and
// fetches a file over one TCP connection from a real HTTP server. tcpdump captures the same
// interface as an independent oracle for the TCP packet counts (they depend on delayed ACKs).
// Also: `--list` inside the namespace shows the veth with its address and flags.

#include <gtest/gtest.h>
#include <signal.h>

#include <fstream>
#include <iostream>
#include <thread>

#include "support/netns_pair.hpp"
#include "support/paths.hpp"
#include "support/process_packettracer.hpp"
#include "support/process_report.hpp"
#include "support/process_runner.hpp"

namespace pt::test {
namespace {

using namespace std::chrono_literals;

constexpr int kPings = 5;
constexpr int kHttpPort = 8080;
constexpr int kDurationSeconds = 10;  // the traffic takes ~1.5 s once the capture is open

std::string missing_requirement(const std::vector<std::string>& tools) {
  if (auto why = netns_unavailable_reason(); !why.empty()) return why;
  if (auto why = packettracer_unavailable_reason(); !why.empty()) return why;
  for (const auto& tool : tools) {
    if (find_program(tool).empty()) return "needs " + tool + " (scripts/install-deps.sh installs it)";
  }
  return {};
}

// Packets in a pcap matching a tcpdump filter expression.
std::size_t count_in_pcap(const std::filesystem::path& pcap, const std::string& filter) {
  const auto r = run_process({"tcpdump", "-r", pcap.string(), "-n", "-q", filter}, 60s);
  EXPECT_TRUE(r.exited(0)) << "tcpdump -r " << pcap << " '" << filter << "': " << r.status() << " " << r.err;
  return lines_of(r.out).size();
}

// Every stderr line is a warning (e.g. geo data not installed): nothing failed.
void expect_only_warnings(const std::string& err) {
  for (const auto& line : lines_of(err)) {
    EXPECT_EQ(line.rfind("packettracer: warning: ", 0), 0U) << "unexpected stderr line: " << line;
  }
}

TEST(CaptureLive, PingAndATcpExchangeOnAVethAreCountedExactly) {
  if (auto why = missing_requirement({"ping", "curl", "python3", "tcpdump", "ss"}); !why.empty()) GTEST_SKIP() << why;
  NetnsPair lab;
  ASSERT_TRUE(lab.build()) << lab.error();
  ScratchDir dir("pt-capture-live");
  const std::string body = "hello from the target namespace\n";
  std::ofstream(dir / "hello.txt") << body;
  const auto client = NetnsPair::address(Side::A);
  const auto server = NetnsPair::address(Side::B);

  Process http(lab.in(Side::B, {"python3", "-m", "http.server", "--bind", server, std::to_string(kHttpPort),
                                "--directory", dir.path().string()}));
  ASSERT_TRUE(lab.wait_listening(Side::B, false, kHttpPort)) << "the HTTP server did not start: " << http.err_so_far();
  const auto oracle_pcap = dir / "oracle.pcap";
  Process tcpdump(
      lab.in(Side::B, {"tcpdump", "-i", NetnsPair::interface(Side::B), "-n", "-U", "-w", oracle_pcap.string()}));
  ASSERT_TRUE(wait_until([&] { return tcpdump.err_so_far().find("listening on") != std::string::npos; }, 30s))
      << "tcpdump did not start: " << tcpdump.err_so_far();

  PacketTracerProcess pt(lab.in(Side::B, {}),
                         {"-i", NetnsPair::interface(Side::B), "--report", "json", "--duration",
                          std::to_string(kDurationSeconds), "--no-db", "--no-resolve"},
                         dir.path());
  ASSERT_TRUE(pt.wait_capturing()) << pt.command_line() << " did not start capturing; log:\n" << pt.log();
  const auto traffic_start = std::chrono::steady_clock::now();

  const auto ping = lab.run(Side::A, {"ping", "-n", "-c", std::to_string(kPings), "-i", "0.2", "-W", "5", server});
  ASSERT_TRUE(ping.exited(0)) << ping.out << ping.err;
  ASSERT_NE(ping.out.find(std::to_string(kPings) + " received"), std::string::npos) << ping.out;
  const auto curl = lab.run(Side::A, {"curl", "-sS", "--max-time", "20",
                                      "http://" + server + ":" + std::to_string(kHttpPort) + "/hello.txt"});
  ASSERT_TRUE(curl.exited(0)) << curl.err;
  ASSERT_EQ(curl.out, body);
  ASSERT_LT(std::chrono::steady_clock::now() - traffic_start, std::chrono::seconds(kDurationSeconds - 2))
      << "the traffic took too long to finish inside the capture's --duration";

  const auto result = pt.wait(std::chrono::seconds(kDurationSeconds + 90));
  ASSERT_TRUE(result.exited(0)) << result.status() << "\n" << result.err;
  expect_only_warnings(result.err);
  tcpdump.signal(SIGINT);
  ASSERT_TRUE(tcpdump.wait(30s).exited(0));

  const auto report = parse_report(result.out);
  ASSERT_TRUE(report) << "stdout is not one JSON object:\n" << result.out.substr(0, 2000);
  const auto& r = *report;
  EXPECT_EQ(r["source"]["kind"], "live");
  EXPECT_EQ(r["source"]["name"], NetnsPair::interface(Side::B));

  // Kernel counters from pcap_stats.
  ASSERT_TRUE(r.contains("capture")) << "a live report has capture counters";
  ASSERT_TRUE(r["capture"].contains("received") && r["capture"].contains("dropped")) << r["capture"].dump();
  EXPECT_GE(count_of(r["capture"], "received"), count_of(r, "packets"));
  EXPECT_EQ(count_of(r["capture"], "dropped"), 0U);

  // Protocol counts: IPv6 is off in the lab, so IPv4 is exactly the pings and the HTTP fetch.
  const auto& protocols = r["protocols"];
  const std::size_t tcp_client = count_in_pcap(oracle_pcap, "tcp and src host " + client);
  const std::size_t tcp_server = count_in_pcap(oracle_pcap, "tcp and src host " + server);
  EXPECT_EQ(count_in_pcap(oracle_pcap, "icmp"), 2U * kPings) << "the oracle saw the pings";
  EXPECT_EQ(count_of(protocols, "icmp"), 2U * kPings);
  EXPECT_EQ(count_of(protocols, "tcp"), tcp_client + tcp_server);
  EXPECT_EQ(count_of(protocols, "udp"), 0U);
  EXPECT_EQ(count_of(protocols, "ipv6"), 0U);
  EXPECT_EQ(count_of(protocols, "ipv4"), count_of(protocols, "icmp") + count_of(protocols, "tcp"));
  EXPECT_GE(count_of(protocols, "arp"), 2U) << "the first ping resolves the target's address";
  EXPECT_EQ(count_of(r, "packets"), count_of(protocols, "ipv4") + count_of(protocols, "arp"));
  EXPECT_EQ(count_of(protocols, "ethernet"), count_of(r, "packets"));
  EXPECT_EQ(count_of(r["decode"], "ok"), count_of(r, "packets"));
  EXPECT_GT(count_of(r, "bytes"), 0U);

  // The ping flow: Zeek keys echo flows by (type, code) as ports, client first.
  const auto icmp = flows_of(r, "icmp");
  ASSERT_EQ(icmp.size(), 1U) << r["flows"].dump(1);
  EXPECT_EQ(icmp[0]["src"], client);
  EXPECT_EQ(icmp[0]["dst"], server);
  EXPECT_EQ(icmp[0]["sport"], 8) << "echo request";
  EXPECT_EQ(icmp[0]["packets_sent"], kPings);
  EXPECT_EQ(icmp[0]["packets_recv"], kPings);
  EXPECT_EQ(icmp[0]["state"], "SF");

  // The HTTP connection: opened by the client, closed by both sides.
  const auto tcp = flows_of(r, "tcp");
  ASSERT_EQ(tcp.size(), 1U) << r["flows"].dump(1);
  const auto& f = tcp[0];
  EXPECT_EQ(f["src"], client);
  EXPECT_EQ(f["dst"], server);
  EXPECT_EQ(f["dport"], kHttpPort);
  EXPECT_GE(f["sport"].get<int>(), 1024);
  EXPECT_EQ(f["packets_sent"].get<std::size_t>(), tcp_client);
  EXPECT_EQ(f["packets_recv"].get<std::size_t>(), tcp_server);
  EXPECT_GT(f["payload_recv"].get<std::size_t>(), body.size()) << "the response carries the file";
  EXPECT_EQ(f["state"], "SF") << "history " << f["history"];
  EXPECT_EQ(f["history"].get<std::string>().rfind("Sh", 0), 0U) << f["history"];
  EXPECT_EQ(count_of(r["flow_table"], "created"), r["flows"].size());
  EXPECT_EQ(r["scans"].size(), 0U) << "nothing here probes: " << r["scans"].dump();
}

// The kernel counters in the report are taken when the capture stops, not at the last idle
// timeout: under steady traffic the loop never times out, so counters refreshed only now and then
// would lag behind the packets counted (received < packets). Stopped by --duration (the loop ends
// itself) and by SIGINT (the signal interrupts the source), both while the traffic still flows.
class SteadyTraffic {
 public:
  explicit SteadyTraffic(const NetnsPair& lab)
      // ~1,000 echo requests a second (an interval below 0.2 s needs root, which the lab has).
      : ping_(lab.in(Side::A, {"ping", "-n", "-q", "-i", "0.001", "-c", "60000", NetnsPair::address(Side::B)})) {}
  ~SteadyTraffic() { ping_.signal(SIGINT); }
  SteadyTraffic(const SteadyTraffic&) = delete;
  SteadyTraffic& operator=(const SteadyTraffic&) = delete;

 private:
  Process ping_;
};

void expect_final_counters(const ProcessResult& result) {
  ASSERT_TRUE(result.exited(0)) << result.status() << "\n" << result.err;
  const auto report = parse_report(result.out);
  ASSERT_TRUE(report) << "stdout is not one JSON object:\n" << result.out.substr(0, 2000);
  const auto packets = count_of(*report, "packets");
  const auto& capture = (*report)["capture"];
  EXPECT_GT(packets, 1000U) << "the traffic flowed for more than a second";
  EXPECT_GE(count_of(capture, "received"), packets) << "stale kernel counters: " << capture.dump();
  std::cout << "[counters] " << packets << " packets, capture " << capture.dump() << "\n";
}

TEST(CaptureLive, KernelCountersAreFinalWhenStoppedUnderSteadyTraffic) {
  if (auto why = missing_requirement({"ping"}); !why.empty()) GTEST_SKIP() << why;
  NetnsPair lab;
  ASSERT_TRUE(lab.build()) << lab.error();
  ScratchDir dir("pt-capture-live");
  const std::vector<std::string> args{
      "-i", NetnsPair::interface(Side::B), "--report", "json", "--no-db", "--no-resolve", "--buffer-mb", "64"};
  {
    SCOPED_TRACE("stopped by --duration");
    SteadyTraffic traffic(lab);
    auto with_duration = args;
    with_duration.insert(with_duration.end(), {"--duration", "3"});
    PacketTracerProcess pt(lab.in(Side::B, {}), with_duration, dir.path());
    expect_final_counters(pt.wait(120s));
  }
  {
    SCOPED_TRACE("stopped by SIGINT");
    SteadyTraffic traffic(lab);
    PacketTracerProcess pt(lab.in(Side::B, {}), args, dir.path());
    ASSERT_TRUE(pt.wait_capturing()) << pt.command_line() << " did not start capturing; log:\n" << pt.log();
    std::this_thread::sleep_for(3s);  // a span of traffic, not a wait for a condition
    expect_final_counters(pt.stop(SIGINT));
  }
}

TEST(CaptureLive, ListShowsTheVethWithItsAddressAndFlags) {
  if (auto why = missing_requirement({}); !why.empty()) GTEST_SKIP() << why;
  NetnsPair lab;
  ASSERT_TRUE(lab.build()) << lab.error();
  std::vector<std::string> argv = lab.in(Side::B, {binary_path().string(), "--list"});
  const auto r = run_process(argv, 60s);
  ASSERT_TRUE(r.exited(0)) << r.status() << "\n" << r.err;
  EXPECT_EQ(r.err, "");
  std::string veth;
  std::string lo;
  for (const auto& line : lines_of(r.out)) {
    if (line.find(" " + NetnsPair::interface(Side::B) + " ") != std::string::npos) veth = line;
    if (line.find(" lo ") != std::string::npos) lo = line;
  }
  ASSERT_FALSE(veth.empty()) << r.out;
  EXPECT_NE(veth.find(NetnsPair::address(Side::B) + "/" + std::to_string(NetnsPair::kPrefixLength)), std::string::npos)
      << veth;
  EXPECT_NE(veth.find("up,running"), std::string::npos) << veth;
  EXPECT_EQ(veth.find("loopback"), std::string::npos) << veth;
  EXPECT_EQ(veth.rfind("*", 0), 0U) << "the only up interface with an address is the default: " << veth;
  ASSERT_FALSE(lo.empty()) << r.out;
  EXPECT_NE(lo.find("loopback"), std::string::npos) << lo;
  EXPECT_NE(lo.find("127.0.0.1/8"), std::string::npos) << lo;
  // Nothing of side A is visible from side B.
  EXPECT_EQ(r.out.find(NetnsPair::interface(Side::A)), std::string::npos) << r.out;
}

}  // namespace
}  // namespace pt::test

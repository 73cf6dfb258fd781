// `-t HOST --report` end to end over real raw sockets in the namespace lab: the JSON report
// names every hop traceroute sees, and without CAP_NET_RAW the command fails with one clear line.

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <sstream>

#include "app/trace_command.hpp"
#include "system/trace_topology.hpp"

namespace pt::app {
namespace {

using trace::testing::EnterNetns;
using trace::testing::TraceLab;

class TraceReport : public ::testing::Test {
 protected:
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "network namespaces need root";
    if (!lab_.build()) GTEST_SKIP() << "could not build the namespace lab: " << lab_.error();
  }
  TraceLab lab_;
};

TEST_F(TraceReport, JsonReportOfTheLabPath) {
  for (const auto* target : {"10.0.2.2", "2001:db8:2::2"}) {
    TraceReportOptions options;
    options.host = target;
    options.format = ReportFormat::Json;
    options.probe.protocol = trace::ProbeProtocol::Tcp;
    options.names_wait = std::chrono::milliseconds(0);
    std::ostringstream out;
    std::ostringstream err;
    int status = 0;
    {
      EnterNetns inside(lab_.ns("c"));
      status = run_trace_report(options, nullptr, out, err);
    }
    ASSERT_EQ(status, 0) << err.str();
    const auto j = nlohmann::json::parse(out.str());
    EXPECT_EQ(j["status"], "reached");
    std::vector<std::string> hops;
    for (const auto& h : j["hops"]) hops.push_back(h["address"].is_null() ? "*" : h["address"].get<std::string>());
    const auto theirs = trace::testing::parse_traceroute_hops(trace::testing::run_command(lab_.exec(
        "c", std::string("traceroute -n -q 1 -w 1 -m 10 -T ") + (j["address"] == "10.0.2.2" ? "" : "-6 ") + target)));
    EXPECT_EQ(hops, theirs) << target;
    // Without a resolver, hops are labelled by address scope only (10/8 private, 2001:db8::/32 documentation).
    EXPECT_EQ(j["hops"][0]["location"], j["address"] == "10.0.2.2" ? "Private network" : "Documentation range");
  }
}

TEST_F(TraceReport, WithoutRawSocketPrivilegeOneClearMessage) {
  int pipe_fds[2];
  ASSERT_EQ(::pipe(pipe_fds), 0);
  const pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    ::close(pipe_fds[0]);
    // nobody: no CAP_NET_RAW once the uid is not 0 (capabilities are cleared by setuid).
    if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(99);
    TraceReportOptions options;
    options.host = "10.0.2.2";
    std::ostringstream out;
    std::ostringstream err;
    const int status = run_trace_report(options, nullptr, out, err);
    const auto text = err.str() + "|" + out.str();
    [[maybe_unused]] const auto n = ::write(pipe_fds[1], text.data(), text.size());
    ::_exit(status);
  }
  ::close(pipe_fds[1]);
  std::string text;
  char buf[512];
  for (ssize_t n; (n = ::read(pipe_fds[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<std::size_t>(n));
  ::close(pipe_fds[0]);
  int wstatus = 0;
  ::waitpid(child, &wstatus, 0);
  ASSERT_TRUE(WIFEXITED(wstatus));
  EXPECT_EQ(WEXITSTATUS(wstatus), 1);
  EXPECT_EQ(text,
            "packettracer: traceroute needs raw sockets: run as root or grant the capability with "
            "'setcap cap_net_raw+ep packettracer'\n|");
}

}  // namespace
}  // namespace pt::app

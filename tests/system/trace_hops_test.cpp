// Our traceroute against the system's `traceroute -n` on the same namespace lab: for every probe
// type (ICMP echo, UDP, TCP SYN) and both families the hop addresses must agree.

#include <gtest/gtest.h>
#include <unistd.h>

#include "system/trace_topology.hpp"
#include "trace/prober.hpp"
#include "trace/raw_socket_transport.hpp"

namespace pt::trace {
namespace {

using testing::EnterNetns;
using testing::TraceLab;

class TraceHops : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (::geteuid() != 0) return;
    lab_ = new TraceLab();
    if (!lab_->build()) {
      error_ = lab_->error();
      delete lab_;
      lab_ = nullptr;
    }
  }
  static void TearDownTestSuite() {
    delete lab_;
    lab_ = nullptr;
  }
  void SetUp() override {
    if (::geteuid() != 0) GTEST_SKIP() << "network namespaces need root";
    if (lab_ == nullptr) GTEST_SKIP() << "could not build the namespace lab: " << error_;
    if (testing::run_command("command -v traceroute").empty()) GTEST_SKIP() << "traceroute is not installed";
  }

  static std::vector<std::string> ours(ProbeProtocol protocol, const char* target) {
    EnterNetns inside(lab_->ns("c"));
    RawSocketTransport transport;
    ProbeConfig config;
    config.protocol = protocol;
    config.max_hops = 10;
    Prober prober(transport, config);
    const auto result = prober.run(*util::IpAddress::parse(target), util::wall_clock_now());
    EXPECT_EQ(result.status, TraceStatus::Reached) << to_string(protocol) << " " << target;
    std::vector<std::string> hops;
    for (const auto& h : result.hops) {
      EXPECT_EQ(h.stats().sent, 3U);
      hops.push_back(h.primary() ? h.primary()->address.to_string() : "*");
    }
    return hops;
  }

  static std::vector<std::string> theirs(const std::string& flags, const char* target) {
    const auto out = testing::run_command(lab_->exec("c", "traceroute -n -q 1 -w 2 -m 10 " + flags + " " + target));
    return testing::parse_traceroute_hops(out);
  }

  static TraceLab* lab_;
  static std::string error_;
};

TraceLab* TraceHops::lab_ = nullptr;
std::string TraceHops::error_;

TEST_F(TraceHops, IcmpV4MatchesTracerouteI) {
  const std::vector<std::string> expected{"10.0.1.1", "10.0.12.2", "10.0.2.2"};
  EXPECT_EQ(theirs("-I", "10.0.2.2"), expected);
  EXPECT_EQ(ours(ProbeProtocol::Icmp, "10.0.2.2"), expected);
}

TEST_F(TraceHops, UdpV4MatchesTraceroute) {
  const auto expected = theirs("", "10.0.2.2");
  ASSERT_EQ(expected.size(), 3U);
  EXPECT_EQ(ours(ProbeProtocol::Udp, "10.0.2.2"), expected);
}

TEST_F(TraceHops, TcpV4MatchesTracerouteT) {
  const auto expected = theirs("-T", "10.0.2.2");
  ASSERT_EQ(expected.size(), 3U);
  EXPECT_EQ(ours(ProbeProtocol::Tcp, "10.0.2.2"), expected);
}

TEST_F(TraceHops, IcmpV6MatchesTracerouteI) {
  const std::vector<std::string> expected{"2001:db8:1::1", "2001:db8:12::2", "2001:db8:2::2"};
  EXPECT_EQ(theirs("-6 -I", "2001:db8:2::2"), expected);
  EXPECT_EQ(ours(ProbeProtocol::Icmp, "2001:db8:2::2"), expected);
}

TEST_F(TraceHops, UdpV6MatchesTraceroute) {
  const auto expected = theirs("-6", "2001:db8:2::2");
  ASSERT_EQ(expected.size(), 3U);
  EXPECT_EQ(ours(ProbeProtocol::Udp, "2001:db8:2::2"), expected);
}

TEST_F(TraceHops, TcpV6MatchesTracerouteT) {
  const auto expected = theirs("-6 -T", "2001:db8:2::2");
  ASSERT_EQ(expected.size(), 3U);
  EXPECT_EQ(ours(ProbeProtocol::Tcp, "2001:db8:2::2"), expected);
}

}  // namespace
}  // namespace pt::trace

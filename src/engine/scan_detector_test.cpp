#include "engine/scan_detector.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "engine/tracker_test_conversation.hpp"

namespace pt::engine {
namespace {

using trackers_test::at;
using trackers_test::Conversation;
using trackers_test::FrameStore;
using trackers_test::Step;

constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kUdp = 17;
const std::string kScanner = "10.0.1.2";
const std::string kTarget = "10.0.2.2";

util::IpAddress ip(const std::string& text) { return *util::IpAddress::parse(text); }

class ScanDetectorTest : public ::testing::Test {
 protected:
  void feed(ScanDetector& d, const Step& s) { d.record(s.packet, s.ctx); }

  // Advances the detector in 100 ms ticks of packet time up to `until`, as the engine does.
  void tick_until(ScanDetector& d, double until) {
    for (; clock_ <= until; clock_ += 0.1) d.advance(at(clock_));
    d.advance(at(until));
  }

  Conversation& conversation(const std::string& a, const std::string& b, std::uint16_t ap, std::uint16_t bp,
                             std::uint8_t proto = kTcp) {
    conversations_.emplace_back(frames_, a, b, ap, bp, proto);
    return conversations_.back();
  }

  // One nmap -sS probe: SYN; closed ports answer RST+ACK, open ones SYN+ACK and the scanner's
  // kernel resets the half-open connection.
  void syn_probe(ScanDetector& d, std::uint16_t port, double t, bool open, const std::string& target = kTarget) {
    auto& c = conversation(kScanner, target, 54321, port);
    feed(d, c.send(t, test::kSyn));
    if (open) {
      feed(d, c.reply(t + 0.0001, test::kSyn | test::kAck));
      feed(d, c.send(t + 0.0002, test::kRst));
    } else {
      feed(d, c.reply(t + 0.0001, test::kRst | test::kAck));
    }
  }

  FrameStore frames_;
  std::deque<Conversation> conversations_;
  double clock_ = 0;
};

TEST_F(ScanDetectorTest, SynScanIsALikelyScannerWithTheExactPortCount) {
  ScanDetector d;
  // DEPS.md §6: nmap -sS -p 1-200 against a host with 80 and 143 open, in 0.08 s.
  for (std::uint16_t port = 1; port <= 200; ++port) {
    syn_probe(d, port, 0.0004 * port, port == 80 || port == 143);
  }
  for (std::uint16_t port = 1; port <= 50; ++port) syn_probe(d, port, 0.09, false);  // retransmissions
  tick_until(d, 0.3);
  const auto row = d.activity(ip(kScanner));
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->distinct_ports, 200U);
  EXPECT_EQ(row->distinct_hosts, 1U);
  EXPECT_EQ(row->verdict, ScanVerdict::LikelyScanner);
  EXPECT_EQ(row->kinds, scan_kind::kSyn);
  EXPECT_EQ(row->top_target, ip(kTarget));
  EXPECT_EQ(row->probes, 250U);
  EXPECT_GT(row->rate, 100.0);
  // The target answered every probe: it is no scanner.
  EXPECT_FALSE(d.activity(ip(kTarget)).has_value());
  std::vector<ScanRow> likely;
  d.likely_scanners(likely);
  ASSERT_EQ(likely.size(), 1U);
  EXPECT_EQ(likely[0].source, ip(kScanner));
}

TEST_F(ScanDetectorTest, ConnectScanCountsClosedAndOpenPortsAndIsTaggedConnect) {
  ScanDetector d;
  for (std::uint16_t port = 1; port <= 100; ++port) {
    auto& c = conversation(kScanner, kTarget, static_cast<std::uint16_t>(40000 + port), port);
    const double t = 0.001 * port;
    feed(d, c.send(t, test::kSyn));
    if (port % 10 == 0) {  // open: the kernel completes the handshake, nmap closes at once
      feed(d, c.reply(t + 0.0001, test::kSyn | test::kAck));
      feed(d, c.send(t + 0.0002, test::kAck));
      feed(d, c.send(t + 0.0003, test::kRst | test::kAck));
    } else {
      feed(d, c.reply(t + 0.0001, test::kRst | test::kAck));
    }
  }
  tick_until(d, 0.5);
  const auto row = d.activity(ip(kScanner));
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->distinct_ports, 100U);
  EXPECT_EQ(row->verdict, ScanVerdict::LikelyScanner);
  EXPECT_EQ(row->kinds, scan_kind::kSyn | scan_kind::kConnect);
}

TEST_F(ScanDetectorTest, OpenPortsThatSendABannerBeforeTheCloseStillCount) {
  ScanDetector d;
  for (std::uint16_t port = 20; port < 40; ++port) {
    auto& c = conversation(kScanner, kTarget, static_cast<std::uint16_t>(40000 + port), port);
    feed(d, c.send(0.01 * port, test::kSyn));
    feed(d, c.reply(0.01 * port, test::kSyn | test::kAck));
    feed(d, c.send(0.01 * port, test::kAck));
    feed(d, c.reply(0.01 * port, test::kPsh | test::kAck, test::bytes_of("SSH-2.0-OpenSSH_9.2\r\n")));
    feed(d, c.send(0.01 * port, test::kFin | test::kAck));
  }
  tick_until(d, 1);
  ASSERT_TRUE(d.activity(ip(kScanner)).has_value());
  EXPECT_EQ(d.activity(ip(kScanner))->distinct_ports, 20U);
}

struct FlagScan {
  const char* name;
  std::uint8_t flags;
  std::uint8_t kind;
};

class FlagScanTest : public ScanDetectorTest, public ::testing::WithParamInterface<FlagScan> {};

// nmap -sF / -sN / -sX: closed ports answer RST, open and filtered ones stay silent; the flag
// pattern alone is a probe, so silent ports count at once.
TEST_P(FlagScanTest, CountsEveryPortAndNamesTheKind) {
  ScanDetector d;
  for (std::uint16_t port = 1000; port < 1050; ++port) {
    auto& c = conversation(kScanner, kTarget, 61000, port);
    feed(d, c.send(0.002 * (port - 1000), GetParam().flags));
    if (port % 7 != 0) feed(d, c.reply(0.002 * (port - 1000) + 0.0001, test::kRst | test::kAck));
  }
  d.advance(at(0.2));
  const auto row = d.activity(ip(kScanner));
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->distinct_ports, 50U);
  EXPECT_EQ(row->verdict, ScanVerdict::LikelyScanner);
  EXPECT_EQ(row->kinds, GetParam().kind);
}

INSTANTIATE_TEST_SUITE_P(Patterns, FlagScanTest,
                         ::testing::Values(FlagScan{"fin", test::kFin, scan_kind::kFin},
                                           FlagScan{"null", 0, scan_kind::kNull},
                                           FlagScan{"xmas", test::kFin | test::kPsh | test::kUrg, scan_kind::kXmas}),
                         [](const auto& param_info) { return std::string(param_info.param.name); });

TEST_F(ScanDetectorTest, AckScanCountsPortsThatAnswerWithRst) {
  ScanDetector d;
  for (std::uint16_t port = 1; port <= 30; ++port) {
    auto& c = conversation(kScanner, kTarget, 62000, port);
    feed(d, c.send(0.001 * port, test::kAck));
    feed(d, c.reply(0.001 * port + 0.0001, test::kRst));
  }
  d.advance(at(0.1));
  const auto row = d.activity(ip(kScanner));
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->distinct_ports, 30U);
  EXPECT_EQ(row->kinds, scan_kind::kAck);
  EXPECT_EQ(row->verdict, ScanVerdict::LikelyScanner);
}

TEST_F(ScanDetectorTest, UdpScanCountsUnreachableAndSilentPortsButNotAnsweringOnes) {
  ScanDetector d;
  for (std::uint16_t port = 100; port < 120; ++port) {
    auto& c = conversation(kScanner, kTarget, 45000, port, kUdp);
    const double t = 0.05 * (port - 100);
    feed(d, c.send(t));
    if (port == 111) {
      feed(d, c.reply(t + 0.001, 0, test::bytes_of("portmapper reply")));  // open: it answers
    } else if (port % 2 == 0) {  // closed: ICMP port unreachable quoting the probe
      feed(d, trackers_test::icmp_error(frames_, t + 0.001, kTarget, kScanner, 3, 3, kScanner, kTarget, kUdp, 45000,
                                        port));
    }  // odd ports: open|filtered, no answer
  }
  d.advance(at(1.0));
  // The unreachable ports count at once; the silent ones wait for the settle time.
  ASSERT_TRUE(d.activity(ip(kScanner)).has_value());
  EXPECT_EQ(d.activity(ip(kScanner))->distinct_ports, 10U);
  tick_until(d, 4);
  const auto row = d.activity(ip(kScanner));
  EXPECT_EQ(row->distinct_ports, 19U);
  EXPECT_EQ(row->kinds, scan_kind::kUdp);
  EXPECT_EQ(row->verdict, ScanVerdict::LikelyScanner);
}

TEST_F(ScanDetectorTest, FilteredSynProbesCountOnlyAfterTheSettleTime) {
  ScanDetector d;
  for (std::uint16_t port = 1; port <= 20; ++port) {
    feed(d, conversation(kScanner, kTarget, 54321, port).send(0.01 * port, test::kSyn));
  }
  d.advance(at(0.5));
  EXPECT_FALSE(d.activity(ip(kScanner)).has_value() && d.activity(ip(kScanner))->distinct_ports > 0);
  std::vector<ScanRow> rows;
  d.export_rows(rows);
  EXPECT_TRUE(rows.empty());
  tick_until(d, 3.5);
  ASSERT_TRUE(d.activity(ip(kScanner)).has_value());
  EXPECT_EQ(d.activity(ip(kScanner))->distinct_ports, 20U);
  EXPECT_EQ(d.activity(ip(kScanner))->verdict, ScanVerdict::LikelyScanner);
}

TEST_F(ScanDetectorTest, ConcludeSettlesProbesThatWillNeverBeAnswered) {
  ScanDetector d;
  for (std::uint16_t port = 1; port <= 12; ++port) {
    feed(d, conversation(kScanner, kTarget, 54321, port).send(0.01 * port, test::kSyn));
  }
  d.advance(at(0.2));
  EXPECT_EQ(d.activity(ip(kScanner))->distinct_ports, 0U);
  d.conclude(at(0.2));
  EXPECT_EQ(d.activity(ip(kScanner))->distinct_ports, 12U);
  EXPECT_EQ(d.activity(ip(kScanner))->verdict, ScanVerdict::LikelyScanner);
}

// A web server answering 500 clients (many clients -> one port), seen from the server side with
// full sessions, and clients whose connections failed.
TEST_F(ScanDetectorTest, BusyServerAndItsClientsAreNeverFlagged) {
  ScanDetector d;
  for (int i = 0; i < 500; ++i) {
    const std::string client = "192.0.2." + std::to_string(1 + i % 250);
    auto& c = conversation(client, "203.0.113.10", static_cast<std::uint16_t>(30000 + i), 443);
    const double t = 0.01 * i;
    feed(d, c.send(t, test::kSyn));
    if (i % 5 == 0) {
      feed(d, c.reply(t, test::kRst | test::kAck));  // overloaded: refused
      continue;
    }
    feed(d, c.reply(t, test::kSyn | test::kAck));
    feed(d, c.send(t, test::kAck));
    feed(d, c.send(t, test::kPsh | test::kAck, test::bytes_of("GET / HTTP/1.1\r\n\r\n")));
    feed(d, c.reply(t, test::kPsh | test::kAck, test::Bytes(1400, 'x')));
    feed(d, c.send(t, test::kFin | test::kAck));
  }
  tick_until(d, 10);
  std::vector<ScanRow> rows;
  d.export_rows(rows);
  EXPECT_TRUE(rows.empty());
  EXPECT_FALSE(d.activity(*util::IpAddress::parse("203.0.113.10")).has_value());
}

TEST_F(ScanDetectorTest, ManyConnectionsToOneServiceAreNeverFlagged) {
  ScanDetector d;
  // One port on one host, then one port on many hosts; some refused, some never answered.
  for (int i = 0; i < 300; ++i) {
    const std::string server = i < 150 ? "198.51.100.7" : "198.51.100." + std::to_string(i - 140);
    auto& c = conversation("10.0.0.5", server, static_cast<std::uint16_t>(40000 + i), 8080);
    const double t = 0.02 * i;
    feed(d, c.send(t, test::kSyn));
    if (i % 3 == 0) feed(d, c.reply(t, test::kRst | test::kAck));
    if (i % 3 == 1) {
      feed(d, c.reply(t, test::kSyn | test::kAck));
      feed(d, c.send(t, test::kAck));
      feed(d, c.send(t, test::kRst | test::kAck));  // health check: connect and close
    }
  }
  tick_until(d, 12);
  const auto row = d.activity(*util::IpAddress::parse("10.0.0.5"));
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->distinct_ports, 1U);
  EXPECT_EQ(row->verdict, ScanVerdict::None);
  std::vector<ScanRow> rows;
  d.export_rows(rows);
  EXPECT_TRUE(rows.empty());
}

TEST_F(ScanDetectorTest, AClientUsingManyServicesIsNotFlaggedEvenBeforeAnswersArrive) {
  ScanDetector d;
  // An application starting up: 15 services within 50 ms, each answered and used.
  std::vector<Conversation*> cs;
  const std::vector<std::uint16_t> tcp_ports{443, 80, 993, 587, 5222, 8443, 22, 3389, 5432, 6379, 9000, 25};
  for (std::size_t i = 0; i < tcp_ports.size(); ++i) {
    auto& c = conversation("10.0.0.9", "198.51.100." + std::to_string(i + 1), static_cast<std::uint16_t>(50000 + i),
                           tcp_ports[i]);
    feed(d, c.send(0.004 * static_cast<double>(i), test::kSyn));
    cs.push_back(&c);
  }
  for (const int port : {53, 123, 443}) {
    auto& c = conversation("10.0.0.9", "198.51.100.53", static_cast<std::uint16_t>(51000 + port),
                           static_cast<std::uint16_t>(port), kUdp);
    feed(d, c.send(0.05, 0, test::bytes_of("query")));
    feed(d, c.reply(0.08, 0, test::bytes_of("answer")));
  }
  d.advance(at(0.1));
  for (auto* c : cs) {  // answers arrive later than a tick
    feed(d, c->reply(0.15, test::kSyn | test::kAck));
    feed(d, c->send(0.16, test::kAck));
    feed(d, c->send(0.17, test::kPsh | test::kAck, test::bytes_of("hello")));
  }
  tick_until(d, 10);
  const auto row = d.activity(*util::IpAddress::parse("10.0.0.9"));
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->distinct_ports, 0U);
  EXPECT_EQ(row->verdict, ScanVerdict::None);
  std::vector<ScanRow> changed;
  d.take_changed(changed);
  EXPECT_TRUE(changed.empty());
}

// Passive FTP: each small listing or file comes over a new data connection to a new server
// port; the server sends its few hundred bytes and closes.
TEST_F(ScanDetectorTest, PassiveFtpDataConnectionsAreNotProbes) {
  ScanDetector d;
  for (int i = 0; i < 40; ++i) {
    auto& c = conversation("10.0.0.7", "198.51.100.21", static_cast<std::uint16_t>(45000 + i),
                           static_cast<std::uint16_t>(50000 + 17 * i));
    const double t = 0.5 * i;
    feed(d, c.send(t, test::kSyn));
    feed(d, c.reply(t, test::kSyn | test::kAck));
    feed(d, c.send(t, test::kAck));
    feed(d, c.reply(t, test::kPsh | test::kAck, test::Bytes(300, 'l')));
    feed(d, c.reply(t, test::kFin | test::kAck));
    feed(d, c.send(t, test::kFin | test::kAck));
    tick_until(d, t);
  }
  tick_until(d, 25);
  const auto row = d.activity(*util::IpAddress::parse("10.0.0.7"));
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->distinct_ports, 0U);
  EXPECT_EQ(row->verdict, ScanVerdict::None);
}

// A capture that joins a busy server's connections midway: the server's packets to hundreds of
// ephemeral client ports come first. They are replies, not probes.
TEST_F(ScanDetectorTest, ServerRepliesToEphemeralPortsAreNotProbes) {
  ScanDetector d;
  for (int i = 0; i < 300; ++i) {
    const std::string client = "192.0.2." + std::to_string(1 + i % 200);
    auto& c = conversation(client, "203.0.113.10", static_cast<std::uint16_t>(32768 + 97 * i), 443);
    const double t = 0.01 * i;
    feed(d, c.reply(t, test::kAck));  // the server's pure ACK seen first
    feed(d, c.reply(t, test::kPsh | test::kAck, test::Bytes(1200, 'x')));
    feed(d, c.send(t, test::kAck));
  }
  for (int i = 0; i < 100; ++i) {  // UDP answers from a DNS server to ephemeral ports
    auto& c = conversation("192.0.2.77", "203.0.113.53", static_cast<std::uint16_t>(40000 + i), 53, kUdp);
    feed(d, c.reply(0.01 * i, 0, test::bytes_of("late answer")));
  }
  tick_until(d, 8);
  std::vector<ScanRow> rows;
  d.export_rows(rows);
  EXPECT_TRUE(rows.empty());
}

TEST_F(ScanDetectorTest, UdpTracerouteIsNotAScan) {
  ScanDetector d;
  const std::string dest = "10.0.2.2";
  // traceroute -n: 3 probes per hop to 33434+, hops 1-2 answer time-exceeded, the destination
  // (3 hops away) port-unreachable; probes beyond it are rate-limited and go unanswered.
  std::uint16_t port = 33434;
  for (int ttl = 1; ttl <= 6; ++ttl) {
    for (int probe = 0; probe < 3; ++probe, ++port) {
      auto& c = conversation("10.0.1.2", dest, static_cast<std::uint16_t>(41000 + port - 33434), port, kUdp);
      const double t = 0.001 * (port - 33434);
      feed(d, c.send(t));
      if (ttl < 3) {
        const std::string router = ttl == 1 ? "10.0.1.1" : "10.0.12.2";
        feed(d, trackers_test::icmp_error(frames_, t + 0.01, router, "10.0.1.2", 11, 0, "10.0.1.2", dest, kUdp,
                                          static_cast<std::uint16_t>(41000 + port - 33434), port));
      } else if (probe == 0) {
        feed(d, trackers_test::icmp_error(frames_, t + 0.02, dest, "10.0.1.2", 3, 3, "10.0.1.2", dest, kUdp,
                                          static_cast<std::uint16_t>(41000 + port - 33434), port));
      }
    }
  }
  tick_until(d, 8);
  const auto row = d.activity(*util::IpAddress::parse("10.0.1.2"));
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->distinct_ports, 0U);
  EXPECT_EQ(row->verdict, ScanVerdict::None);
}

TEST_F(ScanDetectorTest, ThresholdsAreConfigurable) {
  ScanConfig strict;
  strict.likely_ports_above = 3;
  strict.likely_rate_above = 0.01;
  strict.suspicious_ports = 2;
  ScanDetector d(strict);
  ScanDetector spec;  // the spec's defaults
  for (std::uint16_t port = 1; port <= 4; ++port) {
    syn_probe(d, port, 0.1 * port, false);
    syn_probe(spec, port, 0.1 * port, false);
  }
  d.advance(at(1));
  spec.advance(at(1));
  EXPECT_EQ(d.activity(ip(kScanner))->verdict, ScanVerdict::LikelyScanner);
  EXPECT_EQ(spec.activity(ip(kScanner))->verdict, ScanVerdict::None);

  ScanConfig lenient;
  lenient.likely_ports_above = 1000;
  ScanDetector l(lenient);
  for (std::uint16_t port = 1; port <= 200; ++port) syn_probe(l, port, 0.001 * port, false);
  l.advance(at(1));
  EXPECT_EQ(l.activity(ip(kScanner))->verdict, ScanVerdict::Suspicious);
  EXPECT_EQ(l.activity(ip(kScanner))->distinct_ports, 200U);
}

TEST_F(ScanDetectorTest, SpecHeuristicBoundaries) {
  ScanDetector d;
  // 10 ports: not "more than 10"; 5+: suspicious.
  for (std::uint16_t port = 1; port <= 10; ++port) syn_probe(d, port, 0.01 * port, false);
  d.advance(at(0.5));
  EXPECT_EQ(d.activity(ip(kScanner))->verdict, ScanVerdict::Suspicious);
  syn_probe(d, 11, 0.6, false);
  d.advance(at(0.7));
  EXPECT_EQ(d.activity(ip(kScanner))->verdict, ScanVerdict::LikelyScanner);
  // A slow scan: 11 ports over 40 s is 0.275 ports/s, under the rate bar.
  ScanDetector slow;
  clock_ = 0;
  for (std::uint16_t port = 1; port <= 11; ++port) {
    syn_probe(slow, port, 4.0 * (port - 1), false);
    tick_until(slow, 4.0 * (port - 1));
  }
  EXPECT_EQ(slow.activity(ip(kScanner))->distinct_ports, 11U);
  EXPECT_EQ(slow.activity(ip(kScanner))->verdict, ScanVerdict::Suspicious);
}

TEST_F(ScanDetectorTest, PortsLeaveTheWindowAndTheWorstWindowIsKept) {
  ScanConfig config;
  config.window = std::chrono::seconds(10);
  ScanDetector d(config);
  // One refused port every 2 s: a 10 s window holds 5 of them at most.
  for (std::uint16_t port = 1; port <= 20; ++port) {
    syn_probe(d, port, 2.0 * port, false);
    tick_until(d, 2.0 * port + 0.5);
  }
  const auto row = d.activity(ip(kScanner));
  EXPECT_EQ(row->distinct_ports, 5U);
  EXPECT_EQ(row->verdict, ScanVerdict::Suspicious);
  EXPECT_GT(d.memory_bytes(), 0U);
  // Idle past the window: the maps are released, the worst window stays on record.
  tick_until(d, 60);
  EXPECT_EQ(d.memory_bytes(), 0U);
  ASSERT_TRUE(d.activity(ip(kScanner)).has_value());
  EXPECT_EQ(d.activity(ip(kScanner))->distinct_ports, 5U);
  std::vector<ScanRow> rows;
  d.export_rows(rows);
  ASSERT_EQ(rows.size(), 1U);
  // A port probed again after leaving the window counts anew.
  syn_probe(d, 1, 61, false);
  syn_probe(d, 2, 61.1, false);
  d.advance(at(61.2));
  EXPECT_EQ(d.activity(ip(kScanner))->distinct_ports, 5U);  // still the worst window
}

TEST_F(ScanDetectorTest, CountsPortsAndHostsOfAnIpv6SweepSeparatelyPerProtocol) {
  ScanDetector d;
  for (int host = 1; host <= 4; ++host) {
    const std::string target = "2001:db8::" + std::to_string(host);
    for (std::uint16_t port = 1; port <= 8; ++port) {
      auto& tcp = conversation("2001:db8::99", target, 50000, port);
      feed(d, tcp.send(0.01 * port + host, test::kSyn));
      feed(d, tcp.reply(0.01 * port + host, test::kRst | test::kAck));
      auto& udp = conversation("2001:db8::99", target, 50001, port, kUdp);
      feed(d, udp.send(0.01 * port + host));
    }
  }
  tick_until(d, 10);
  const auto row = d.activity(*util::IpAddress::parse("2001:db8::99"));
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->distinct_ports, 16U);  // 8 TCP + 8 UDP
  EXPECT_EQ(row->distinct_hosts, 4U);
  EXPECT_EQ(row->kinds, scan_kind::kSyn | scan_kind::kUdp);
}

TEST_F(ScanDetectorTest, Icmpv6PortUnreachableCountsUdpProbesAtOnce) {
  ScanDetector d;
  for (std::uint16_t port = 1; port <= 12; ++port) {
    auto& c = conversation("2001:db8::99", "2001:db8::1", 50001, port, kUdp);
    feed(d, c.send(0.01 * port));
    feed(d, trackers_test::icmp_error(frames_, 0.01 * port + 0.001, "2001:db8::1", "2001:db8::99", 1, 4, "2001:db8::99",
                                      "2001:db8::1", kUdp, 50001, port));
  }
  d.advance(at(0.2));  // well inside the settle time: the answers counted them
  const auto row = d.activity(*util::IpAddress::parse("2001:db8::99"));
  ASSERT_TRUE(row.has_value());
  EXPECT_EQ(row->distinct_ports, 12U);
  EXPECT_EQ(row->verdict, ScanVerdict::LikelyScanner);
}

TEST_F(ScanDetectorTest, TakeChangedReturnsEachChangedRowOnce) {
  ScanDetector d;
  for (std::uint16_t port = 1; port <= 12; ++port) syn_probe(d, port, 0.01 * port, false);
  d.advance(at(0.2));
  std::vector<ScanRow> changed;
  d.take_changed(changed);
  ASSERT_EQ(changed.size(), 1U);
  EXPECT_EQ(changed[0].distinct_ports, 12U);
  changed.clear();
  d.advance(at(0.3));
  d.take_changed(changed);
  EXPECT_TRUE(changed.empty());
  syn_probe(d, 13, 0.35, false);
  d.advance(at(0.4));
  d.take_changed(changed);
  ASSERT_EQ(changed.size(), 1U);
  EXPECT_EQ(changed[0].distinct_ports, 13U);
}

}  // namespace
}  // namespace pt::engine

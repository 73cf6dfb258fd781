#include "trace/reply_matcher.hpp"

#include <gtest/gtest.h>

#include <array>

#include "support/packet_builder.hpp"
#include "trace/probe_encoder.hpp"

namespace pt::trace {
namespace {

using test::Bytes;

const Instant kAt = Instant{} + std::chrono::seconds(5);

util::IpAddress ip(const char* text) { return *util::IpAddress::parse(text); }

FlowIdentity flow(ProbeProtocol protocol, const char* src = "10.0.1.2", const char* dst = "10.0.2.2") {
  FlowIdentity f;
  f.protocol = protocol;
  f.source = ip(src);
  f.target = ip(dst);
  f.src_port = util::Port{40001};
  f.dst_port = protocol == ProbeProtocol::Tcp ? kDefaultTcpPort : kDefaultUdpPort;
  f.icmp_id = 0x1234;
  f.tcp_seq_base = 0x50000000U;
  return f;
}

Bytes probe_bytes(const FlowIdentity& f, std::uint16_t token) {
  std::array<std::uint8_t, kMaxProbeSize> buf{};
  const auto size = encode_probe(f, ProbeToken{token}, buf);
  return Bytes(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(size));
}

// What a router sends when a probe's TTL runs out (RFC 792 type 11), quoting the probe.
Bytes time_exceeded_v4(const char* router, const FlowIdentity& f, std::uint8_t proto, std::uint16_t token) {
  const auto quote = test::ipv4("10.0.1.2", "10.0.2.2", proto, probe_bytes(f, token), {.ttl = 1});
  return test::ipv4(router, "10.0.1.2", 1, test::icmp(11, 0, 0, 0, quote));
}

std::optional<ProbeReply> parse_v4(const Bytes& b) {
  return parse_reply(b, ReadFormat::Ipv4Packet, util::IpAddress{}, kAt);
}

TEST(ReplyMatcher, TimeExceededQuotingAnEchoRequestNamesRouterAndProbe) {
  const auto f = flow(ProbeProtocol::Icmp);
  const auto reply = parse_v4(time_exceeded_v4("10.0.1.1", f, 1, 7));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->kind, ReplyKind::TimeExceeded);
  EXPECT_EQ(reply->responder, ip("10.0.1.1"));
  EXPECT_EQ(reply->received, kAt);
  EXPECT_EQ(match_reply(f, *reply), ProbeToken{7});
  EXPECT_FALSE(reaches_target(f, *reply));
  EXPECT_FALSE(ends_path(f, *reply));
}

TEST(ReplyMatcher, EchoReplyReachesTheTarget) {
  const auto f = flow(ProbeProtocol::Icmp);
  const auto reply = parse_v4(test::ipv4("10.0.2.2", "10.0.1.2", 1, test::icmp(0, 0, 0x1234, 42)));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->kind, ReplyKind::EchoReply);
  EXPECT_EQ(match_reply(f, *reply), ProbeToken{42});
  EXPECT_TRUE(reaches_target(f, *reply));
}

TEST(ReplyMatcher, AnotherProgramsEchoIsNotOurs) {
  const auto f = flow(ProbeProtocol::Icmp);
  const auto reply = parse_v4(test::ipv4("10.0.2.2", "10.0.1.2", 1, test::icmp(0, 0, 0x9999, 42)));
  ASSERT_TRUE(reply);
  EXPECT_FALSE(match_reply(f, *reply));
  // Same identifier, different target: also not ours.
  const auto other = parse_v4(test::ipv4("10.0.9.9", "10.0.1.2", 1, test::icmp(0, 0, 0x1234, 42)));
  ASSERT_TRUE(other);
  EXPECT_FALSE(match_reply(f, *other));
}

TEST(ReplyMatcher, UdpPortUnreachableFromTheTargetCarriesTheTokenInTheQuotedLength) {
  const auto f = flow(ProbeProtocol::Udp);
  const auto quote = test::ipv4("10.0.1.2", "10.0.2.2", 17, probe_bytes(f, 11));
  const auto reply = parse_v4(test::ipv4("10.0.2.2", "10.0.1.2", 1, test::icmp(3, 3, 0, 0, quote)));
  ASSERT_TRUE(reply);
  EXPECT_EQ(reply->kind, ReplyKind::DestinationUnreachable);
  EXPECT_EQ(match_reply(f, *reply), ProbeToken{11});
  EXPECT_TRUE(reaches_target(f, *reply));
  EXPECT_FALSE(ends_path(f, *reply));

  auto other_port = f;
  other_port.src_port = util::Port{40002};
  EXPECT_FALSE(match_reply(other_port, *reply)) << "another trace's source port";
}

TEST(ReplyMatcher, HostUnreachableFromARouterEndsThePath) {
  const auto f = flow(ProbeProtocol::Udp);
  const auto quote = test::ipv4("10.0.1.2", "10.0.2.2", 17, probe_bytes(f, 3));
  const auto reply = parse_v4(test::ipv4("10.0.12.2", "10.0.1.2", 1, test::icmp(3, 1, 0, 0, quote)));
  ASSERT_TRUE(reply);
  EXPECT_EQ(match_reply(f, *reply), ProbeToken{3});
  EXPECT_FALSE(reaches_target(f, *reply));
  EXPECT_TRUE(ends_path(f, *reply));
}

TEST(ReplyMatcher, TcpTimeExceededCarriesTheTokenInTheQuotedSequence) {
  const auto f = flow(ProbeProtocol::Tcp);
  const auto reply = parse_v4(time_exceeded_v4("10.0.12.2", f, 6, 300));
  ASSERT_TRUE(reply);
  EXPECT_EQ(match_reply(f, *reply), ProbeToken{300});
}

TEST(ReplyMatcher, SynAckAndResetFromTheTargetAnswerTheProbeTheyAcknowledge) {
  const auto f = flow(ProbeProtocol::Tcp);
  for (std::uint8_t flags : {std::uint8_t{test::kSyn | test::kAck}, std::uint8_t{test::kRst | test::kAck}}) {
    const auto seg =
        test::tcp(80, 40001, flags, {}, {.seq = 1, .ack = 0x50000000U + 5 + 1, .window = 0, .options = {}});
    const auto reply = parse_v4(test::ipv4("10.0.2.2", "10.0.1.2", 6, seg));
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->kind, (flags & test::kRst) != 0 ? ReplyKind::TcpReset : ReplyKind::TcpSynAck);
    EXPECT_EQ(match_reply(f, *reply), ProbeToken{5});
    EXPECT_TRUE(reaches_target(f, *reply));
  }
}

TEST(ReplyMatcher, TcpSegmentsThatAnswerNoSynAreIgnored) {
  const auto plain_ack = test::tcp(80, 40001, test::kAck, {}, {.seq = 1, .ack = 2, .window = 0, .options = {}});
  EXPECT_FALSE(parse_v4(test::ipv4("10.0.2.2", "10.0.1.2", 6, plain_ack)));
  const auto bare_rst = test::tcp(80, 40001, test::kRst, {}, {.seq = 1, .ack = 0, .window = 0, .options = {}});
  EXPECT_FALSE(parse_v4(test::ipv4("10.0.2.2", "10.0.1.2", 6, bare_rst)));
}

TEST(ReplyMatcher, Icmpv6TimeExceededAndEchoReply) {
  const auto f = flow(ProbeProtocol::Icmp, "2001:db8:1::2", "2001:db8:2::2");
  const auto quote =
      test::ipv6("2001:db8:1::2", "2001:db8:2::2", 58, probe_bytes(f, 4), {.hop_limit = 1, .extensions = {}});
  const auto te = parse_reply(test::icmpv6(3, 0, 0, 0, quote), ReadFormat::Icmpv6Message, ip("2001:db8:1::1"), kAt);
  ASSERT_TRUE(te);
  EXPECT_EQ(te->kind, ReplyKind::TimeExceeded);
  EXPECT_EQ(te->responder, ip("2001:db8:1::1"));
  EXPECT_EQ(match_reply(f, *te), ProbeToken{4});

  const auto echo = parse_reply(test::icmpv6(129, 0, 0x1234, 9), ReadFormat::Icmpv6Message, ip("2001:db8:2::2"), kAt);
  ASSERT_TRUE(echo);
  EXPECT_EQ(match_reply(f, *echo), ProbeToken{9});
  EXPECT_TRUE(reaches_target(f, *echo));
}

TEST(ReplyMatcher, Icmpv6PortUnreachableAndTcpv6Reset) {
  const auto udp = flow(ProbeProtocol::Udp, "2001:db8:1::2", "2001:db8:2::2");
  const auto quote = test::ipv6("2001:db8:1::2", "2001:db8:2::2", 17, probe_bytes(udp, 2));
  const auto unreachable =
      parse_reply(test::icmpv6(1, 4, 0, 0, quote), ReadFormat::Icmpv6Message, ip("2001:db8:2::2"), kAt);
  ASSERT_TRUE(unreachable);
  EXPECT_EQ(match_reply(udp, *unreachable), ProbeToken{2});
  EXPECT_TRUE(reaches_target(udp, *unreachable));

  const auto tcp = flow(ProbeProtocol::Tcp, "2001:db8:1::2", "2001:db8:2::2");
  const auto seg =
      test::tcp(80, 40001, test::kRst | test::kAck, {}, {.seq = 0, .ack = 0x50000000U + 1, .window = 0, .options = {}});
  const auto rst = parse_reply(seg, ReadFormat::Tcpv6Segment, ip("2001:db8:2::2"), kAt);
  ASSERT_TRUE(rst);
  EXPECT_EQ(match_reply(tcp, *rst), ProbeToken{0});
}

TEST(ReplyMatcher, Ipv6ReadsNeedAnIpv6Sender) {
  EXPECT_FALSE(parse_reply(test::icmpv6(129, 0, 1, 1), ReadFormat::Icmpv6Message, ip("10.0.0.1"), kAt));
  EXPECT_FALSE(parse_reply(test::icmpv6(129, 0, 1, 1), ReadFormat::Icmpv6Message, util::IpAddress{}, kAt));
}

TEST(ReplyMatcher, ErrorsThatDoNotQuoteAProbeAreIgnored) {
  const auto f = flow(ProbeProtocol::Udp);
  // A redirect quotes a datagram but does not say the probe stopped.
  const auto quote = test::ipv4("10.0.1.2", "10.0.2.2", 17, probe_bytes(f, 1));
  EXPECT_FALSE(parse_v4(test::ipv4("10.0.1.1", "10.0.1.2", 1, test::icmp(5, 1, 0, 0, quote))));
  // A quote cut before the UDP length cannot name the probe.
  const Bytes cut(quote.begin(), quote.begin() + 22);
  EXPECT_FALSE(parse_v4(test::ipv4("10.0.1.1", "10.0.1.2", 1, test::icmp(11, 0, 0, 0, cut))));
  // A quoted echo reply (not a request of ours).
  const auto echo_reply_quote = test::ipv4("10.0.1.2", "10.0.2.2", 1, test::icmp(0, 0, 0x1234, 1));
  EXPECT_FALSE(parse_v4(test::ipv4("10.0.1.1", "10.0.1.2", 1, test::icmp(11, 0, 0, 0, echo_reply_quote))));
  // Not ICMP or TCP at all.
  EXPECT_FALSE(parse_v4(test::ipv4("10.0.1.1", "10.0.1.2", 17, test::udp(1, 2))));
  EXPECT_FALSE(parse_v4({}));
}

TEST(ReplyMatcher, StaleTokensOutsideTheTraceAreRejected) {
  const auto f = flow(ProbeProtocol::Tcp);
  auto reply = parse_v4(time_exceeded_v4("10.0.1.1", f, 6, 1));
  ASSERT_TRUE(reply);
  reply->token_field = f.tcp_seq_base - 1;  // before the base: wraps to a huge token
  EXPECT_FALSE(match_reply(f, *reply));
}

}  // namespace
}  // namespace pt::trace

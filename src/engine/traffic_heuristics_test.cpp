#include "engine/traffic_heuristics.hpp"

#include <gtest/gtest.h>

namespace pt::engine {
namespace {

using namespace std::chrono_literals;

constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kUdp = 17;
const util::Timestamp kStart = util::from_unix_seconds(1'700'000'000.0);

FlowRow flow_of(std::uint8_t protocol, util::Duration lasted) {
  FlowRow f;
  f.protocol = protocol;
  f.first_seen = kStart;
  f.last_seen = kStart + lasted;
  return f;
}

// Fills per-direction counters as `seconds` of traffic at the given packet rates and sizes.
void traffic(FlowRow& f, double seconds, double up_pps, std::uint64_t up_payload, double down_pps,
             std::uint64_t down_payload, std::uint64_t header_bytes = 54) {
  f.packets_sent = static_cast<std::uint64_t>(up_pps * seconds);
  f.packets_recv = static_cast<std::uint64_t>(down_pps * seconds);
  f.payload_sent = f.packets_sent * up_payload;
  f.payload_recv = f.packets_recv * down_payload;
  f.bytes_sent = f.payload_sent + f.packets_sent * header_bytes;
  f.bytes_recv = f.payload_recv + f.packets_recv * header_bytes;
}

TEST(TrafficHeuristics, SustainedDownstreamIsStreaming) {
  const TrafficHeuristics h;
  auto video = flow_of(kTcp, 30s);
  traffic(video, 30, 100, 0, 250, 1448);  // ~2.9 Mbit/s down, acks up
  EXPECT_TRUE(h.streaming(video));
  EXPECT_NE(h.traits(video, video.last_seen) & flow_trait::kStreaming, 0U);

  auto short_burst = flow_of(kTcp, 3s);  // a page load: fast but not sustained
  traffic(short_burst, 3, 100, 0, 250, 1448);
  EXPECT_FALSE(h.streaming(short_burst));

  auto slow = flow_of(kTcp, 60s);  // sustained but far below 1 Mbit/s
  traffic(slow, 60, 5, 0, 10, 1000);
  EXPECT_FALSE(h.streaming(slow));

  auto upload = flow_of(kTcp, 30s);  // the same rate upstream is not a stream we watch
  traffic(upload, 30, 250, 1448, 100, 0);
  EXPECT_FALSE(h.streaming(upload));
}

TEST(TrafficHeuristics, SmallPeriodicUdpBothWaysIsVoip) {
  const TrafficHeuristics h;
  auto call = flow_of(kUdp, 20s);
  traffic(call, 20, 50, 172, 50, 172);  // G.711, 20 ms frames, RTP header included
  EXPECT_TRUE(h.voip(call));

  auto one_way = flow_of(kUdp, 20s);
  traffic(one_way, 20, 50, 172, 0, 0);
  EXPECT_FALSE(h.voip(one_way)) << "a call talks both ways";

  auto bulk_udp = flow_of(kUdp, 20s);
  traffic(bulk_udp, 20, 50, 1200, 50, 1200);
  EXPECT_FALSE(h.voip(bulk_udp)) << "payloads too large for voice frames";

  auto chatty = flow_of(kUdp, 20s);
  traffic(chatty, 20, 500, 100, 500, 100);
  EXPECT_FALSE(h.voip(chatty)) << "too many packets per second for voice";

  auto brief = flow_of(kUdp, 2s);
  traffic(brief, 2, 50, 172, 50, 172);
  EXPECT_FALSE(h.voip(brief));

  auto tcp = flow_of(kTcp, 20s);
  traffic(tcp, 20, 50, 172, 50, 172);
  EXPECT_FALSE(h.voip(tcp));
}

TEST(TrafficHeuristics, HandshakeOnlyNeedsNoPayloadAndAnEnd) {
  const TrafficHeuristics h;
  auto syn_ack = flow_of(kTcp, 0s);
  syn_ack.packets_sent = 2;
  syn_ack.packets_recv = 1;
  // Just opened: payload may still come.
  EXPECT_FALSE(h.handshake_only(syn_ack, syn_ack.last_seen + 1s));
  // Idle past the threshold with nothing carried.
  EXPECT_TRUE(h.handshake_only(syn_ack, syn_ack.last_seen + 10s));
  EXPECT_NE(h.traits(syn_ack, syn_ack.last_seen + 30s) & flow_trait::kHandshakeOnly, 0U);
  // Closed right away (connect scan, health check).
  syn_ack.closed = true;
  EXPECT_TRUE(h.handshake_only(syn_ack, syn_ack.last_seen));

  auto with_data = syn_ack;
  with_data.payload_recv = 1;
  EXPECT_FALSE(h.handshake_only(with_data, with_data.last_seen + 60s));
  auto udp = syn_ack;
  udp.protocol = kUdp;
  EXPECT_FALSE(h.handshake_only(udp, udp.last_seen + 60s));
}

TEST(TrafficHeuristics, LargeOneWayTransferIsBulk) {
  const TrafficHeuristics h;
  auto download = flow_of(kTcp, 5s);
  download.payload_recv = 50'000'000;
  download.payload_sent = 2'000;
  EXPECT_TRUE(h.bulk(download));
  auto balanced = download;
  balanced.payload_sent = 40'000'000;
  EXPECT_FALSE(h.bulk(balanced));
  auto small = download;
  small.payload_recv = 100'000;
  EXPECT_FALSE(h.bulk(small));
}

TEST(TrafficHeuristics, SmallPacketsBothWaysAtLowRateAreInteractive) {
  const TrafficHeuristics h;
  auto ssh = flow_of(kTcp, 120s);
  traffic(ssh, 120, 2, 48, 2, 80);  // keystrokes and echoes
  EXPECT_TRUE(h.interactive(ssh));
  EXPECT_NE(h.traits(ssh, ssh.last_seen) & flow_trait::kInteractive, 0U);

  auto transfer = flow_of(kTcp, 120s);
  traffic(transfer, 120, 2, 48, 200, 1448);
  EXPECT_FALSE(h.interactive(transfer));

  auto few = flow_of(kTcp, 120s);
  few.packets_sent = 3;
  few.packets_recv = 3;
  few.payload_sent = 30;
  few.payload_recv = 30;
  EXPECT_FALSE(h.interactive(few));
}

TEST(TrafficHeuristics, ThresholdsAreConfigurable) {
  TrafficHeuristics h;
  auto call = flow_of(kUdp, 20s);
  traffic(call, 20, 50, 172, 50, 172);
  ASSERT_TRUE(h.voip(call));
  h.voip_min_duration = 30s;
  EXPECT_FALSE(h.voip(call));
}

}  // namespace
}  // namespace pt::engine

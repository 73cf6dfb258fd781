#pragma once
// A flow as the rest of the program sees it: a plain value copied into snapshots, handed to the
// outbox, shown by the dashboard and written by the store. No heap members, so copying 50,000
// of them is one memcpy-like pass.

#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "util/fixed_string.hpp"
#include "util/ip_address.hpp"
#include "util/strong_types.hpp"
#include "util/time.hpp"

namespace pt::engine {

// Zeek's conn_state values (Zeek conn.log documentation). None for protocols without state.
enum class ConnState : std::uint8_t { None, S0, S1, SF, REJ, S2, S3, RSTO, RSTR, RSTOS0, RSTRH, SH, SHR, OTH };
std::string_view to_string(ConnState state);

// How a flow's application was decided.
enum class DetectionMethod : std::uint8_t {
  Pending,  // still inspecting packets
  Dpi,      // nDPI recognized it
  Guess,    // nDPI gave up and guessed (by port / IP ranges)
  Port,     // our port table only
  Unknown,  // nothing matched
};
std::string_view to_string(DetectionMethod method);

// Behavioural traits the heuristics add on top of the application protocol (spec:
// "patterns (streaming, VoIP, handshake)", "encryption").
namespace flow_trait {
inline constexpr std::uint16_t kEncrypted = 1U << 0U;
inline constexpr std::uint16_t kStreaming = 1U << 1U;      // sustained high-rate downstream
inline constexpr std::uint16_t kVoip = 1U << 2U;           // RTP/SIP/STUN or small periodic UDP
inline constexpr std::uint16_t kHandshakeOnly = 1U << 3U;  // TCP that never carried payload
inline constexpr std::uint16_t kBulk = 1U << 4U;           // large one-way transfer
inline constexpr std::uint16_t kInteractive = 1U << 5U;    // small packets both ways (SSH, telnet)
inline constexpr std::uint16_t kHighEntropy = 1U << 6U;    // payload looks random (unknown crypto)
inline constexpr std::uint16_t kTunnel = 1U << 7U;         // VPN / tunnel protocol
}  // namespace flow_trait

struct Classification {
  std::uint16_t app_protocol = 0;     // nDPI protocol id (0 = unknown); names via LabelTable
  std::uint16_t master_protocol = 0;  // e.g. TLS for TLS.YouTube
  std::uint16_t category = 0;         // nDPI category id
  DetectionMethod method = DetectionMethod::Pending;
  std::uint16_t traits = 0;           // flow_trait bits
  util::FixedString<16> service;      // port-based service name ("https", "domain")
  util::FixedString<80> server_name;  // SNI / HTTP Host / DNS query as nDPI saw it (raw; sanitize to show)

  [[nodiscard]] bool encrypted() const { return (traits & flow_trait::kEncrypted) != 0; }
};

// Bucket edges of tshark's "plen" statistic (-z plen,tree): 0-19, 20-39, 40-79, 80-159,
// 160-319, 320-639, 640-1279, 1280-2559, 2560-5119, 5120+ bytes on the wire.
inline constexpr std::size_t kSizeBuckets = 10;
std::size_t size_bucket(std::uint32_t wire_length);
std::string_view size_bucket_label(std::size_t bucket);

struct FlowRow {
  std::uint64_t id = 0;       // unique within this process; a reused tuple gets a new id
  std::uint8_t protocol = 0;  // IP protocol number
  std::uint8_t ip_version = 4;
  util::IpAddress src;  // initiator: sender of the first SYN, else of the first packet
  util::IpAddress dst;
  util::Port src_port;  // ICMP: type in src_port, code in dst_port (Zeek's convention)
  util::Port dst_port;
  std::array<std::uint8_t, 6> src_mac{};
  std::array<std::uint8_t, 6> dst_mac{};

  std::uint64_t packets_sent = 0;  // initiator -> responder
  std::uint64_t packets_recv = 0;
  std::uint64_t bytes_sent = 0;  // on-wire frame lengths
  std::uint64_t bytes_recv = 0;
  std::uint64_t payload_sent = 0;  // transport payload bytes
  std::uint64_t payload_recv = 0;
  util::Timestamp first_seen{};
  util::Timestamp last_seen{};

  std::uint8_t ttl_sent_min = 255;  // TTL / hop limit as seen from each side
  std::uint8_t ttl_sent_max = 0;
  std::uint8_t ttl_recv_min = 255;
  std::uint8_t ttl_recv_max = 0;
  std::uint8_t flags_sent = 0;  // OR of TCP flags
  std::uint8_t flags_recv = 0;
  ConnState state = ConnState::None;
  bool closed = false;                              // FIN both ways or RST seen
  util::FixedString<24> history;                    // Zeek history letters (S h A D a d F f R r ...)
  std::uint32_t fragments = 0;                      // non-first IP fragments attributed to this flow
  std::array<std::uint32_t, kSizeBuckets> sizes{};  // packet-size histogram of this flow

  Classification classification;

  [[nodiscard]] std::uint64_t packets() const { return packets_sent + packets_recv; }
  [[nodiscard]] std::uint64_t bytes() const { return bytes_sent + bytes_recv; }
  // Stable text identity used for selection: "tcp 10.0.0.1:51000 > 93.184.216.34:443".
  [[nodiscard]] std::string flow_key() const;
  // The same text written into `out` without allocating (reports format 200,000 of them).
  static constexpr std::size_t kFlowKeyMax = 160;
  std::string_view format_flow_key(std::span<char, kFlowKeyMax> out) const;
};

std::string_view protocol_name(std::uint8_t ip_protocol);  // "tcp", "udp", "icmp", "icmpv6", "gre", "ip-47"

}  // namespace pt::engine

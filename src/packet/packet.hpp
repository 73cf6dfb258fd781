#pragma once
// The decoded view of one frame: a fixed struct on the caller's stack, filled by decode().
// Every span points into the frame's bytes; nothing is allocated. Parts that were not present
// (or not reached because an outer header was bad) keep their `present` flag false.

#include <array>
#include <cstdint>
#include <span>

#include "packet/frame.hpp"
#include "util/ip_address.hpp"
#include "util/strong_types.hpp"
#include "util/time.hpp"

namespace pt::packet {

// Outcome of decoding one frame. A bad inner header never loses the outer ones: the frame keeps
// everything decoded up to the fault and is counted under the fault.
enum class DecodeStatus : std::uint8_t {
  Ok,           // every header we decode was complete and consistent
  Truncated,    // the capture ended inside a header (snaplen cut or short frame)
  Malformed,    // a length or version field contradicts the bytes
  Unsupported,  // a link type or ethertype we do not decode
};

using MacAddress = std::array<std::uint8_t, 6>;

struct LinkInfo {
  bool present = false;  // an Ethernet (or Ethernet-like cooked) header was decoded
  bool is_ethernet = false;
  MacAddress src{};
  MacAddress dst{};
  std::uint16_t ethertype = 0;              // after VLAN tags
  std::uint8_t vlan_count = 0;              // 802.1Q / 802.1ad tags seen
  std::array<std::uint16_t, 2> vlan_ids{};  // outermost first
  bool mpls = false;
  bool pppoe = false;
  std::uint8_t encapsulations = 0;  // link headers nested inside the first (inner Ethernet, MPLS, ...)
};

struct ArpInfo {
  bool present = false;
  std::uint16_t operation = 0;  // 1 request, 2 reply (3/4 RARP)
  MacAddress sender_mac{};
  MacAddress target_mac{};
  util::IpAddress sender_ip;
  util::IpAddress target_ip;
};

enum class Tunnel : std::uint8_t { None, Gre, IpInIp, Vxlan, GtpU, Teredo };

struct IpInfo {
  bool present = false;
  std::uint8_t version = 0;
  util::IpAddress src;
  util::IpAddress dst;
  std::uint8_t ttl = 0;              // TTL or hop limit
  std::uint8_t protocol = 0;         // the upper-layer protocol after IPv6 extension headers
  std::uint8_t tos = 0;              // DSCP+ECN / traffic class
  std::uint16_t header_length = 0;   // IPv4 IHL*4 or 40 + extension headers
  std::uint32_t total_length = 0;    // from the header (IPv4 total length, IPv6 40 + payload length)
  std::uint32_t identification = 0;  // IPv4 id or IPv6 fragment id
  std::uint32_t flow_label = 0;
  bool has_options = false;  // IPv4 options present
  std::uint8_t extension_headers = 0;
  bool is_fragment = false;  // MF set or offset non-zero (or an IPv6 fragment header)
  bool more_fragments = false;
  std::uint16_t fragment_offset = 0;     // in bytes
  std::span<const std::uint8_t> header;  // from the IP header to the end of the captured IP packet
};

// TCP flag bits as on the wire (RFC 9293 plus ECN, RFC 3168).
namespace tcp_flag {
inline constexpr std::uint8_t kFin = 0x01;
inline constexpr std::uint8_t kSyn = 0x02;
inline constexpr std::uint8_t kRst = 0x04;
inline constexpr std::uint8_t kPsh = 0x08;
inline constexpr std::uint8_t kAck = 0x10;
inline constexpr std::uint8_t kUrg = 0x20;
inline constexpr std::uint8_t kEce = 0x40;
inline constexpr std::uint8_t kCwr = 0x80;
}  // namespace tcp_flag

// What the frame carries at the network layer, as chosen by the link header (set before the
// header is validated, so a broken IPv4 header still counts as IPv4, as tshark counts it).
enum class Network : std::uint8_t { None, Ipv4, Ipv6, Arp, Other };

// The transport protocol reached from a valid IP header of a first (or only) fragment.
enum class Transport : std::uint8_t { None, Tcp, Udp, Icmp, Icmpv6, Other };

struct TransportInfo {
  Transport kind = Transport::None;
  bool ports_known = false;  // TCP/UDP: both ports were captured
  bool complete = false;     // the whole fixed header was captured
  util::Port src_port;
  util::Port dst_port;
  // TCP
  std::uint32_t seq = 0;
  std::uint32_t ack = 0;
  std::uint8_t flags = 0;
  std::uint16_t window = 0;
  std::uint8_t header_length = 0;
  // UDP
  std::uint16_t udp_length = 0;
};

// The original datagram an ICMP error quotes (RFC 792 / RFC 4443): its IP header and the first
// eight bytes of its transport header. Traceroute replies are matched through it.
struct QuotedDatagram {
  bool present = false;             // the quoted IP header was whole
  bool transport_complete = false;  // and so were the 8 bytes of its transport header after it
  util::IpAddress src;
  util::IpAddress dst;
  std::uint8_t protocol = 0;
  std::uint8_t ttl = 0;
  std::uint16_t ip_id = 0;
  util::Port src_port;  // TCP/UDP
  util::Port dst_port;
  std::uint32_t tcp_seq = 0;
  std::uint8_t icmp_type = 0;  // quoted ICMP echo
  std::uint16_t icmp_id = 0;
  std::uint16_t icmp_seq = 0;
};

struct IcmpInfo {
  bool present = false;
  bool v6 = false;
  std::uint8_t type = 0;
  std::uint8_t code = 0;
  std::uint16_t identifier = 0;  // echo request/reply
  std::uint16_t sequence = 0;
  bool is_error = false;  // destination unreachable, time exceeded, ... (quotes a datagram)
  QuotedDatagram quoted;
};

struct Packet {
  util::Timestamp timestamp{};
  std::uint32_t wire_length = 0;
  std::uint32_t captured_length = 0;
  int link_type = 0;
  DecodeStatus status = DecodeStatus::Ok;

  LinkInfo link;
  Network network = Network::None;
  ArpInfo arp;
  IpInfo ip;
  TransportInfo transport;
  IcmpInfo icmp;
  Tunnel tunnel = Tunnel::None;
  std::span<const std::uint8_t> payload;  // transport payload (captured part)

  [[nodiscard]] bool is_tcp() const { return transport.kind == Transport::Tcp; }
  [[nodiscard]] bool is_udp() const { return transport.kind == Transport::Udp; }
  [[nodiscard]] bool has_ports() const { return (is_tcp() || is_udp()) && transport.ports_known; }
};

}  // namespace pt::packet

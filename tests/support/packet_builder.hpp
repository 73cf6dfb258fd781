#pragma once
// Builds wire-format frames in code for unit tests: each function wraps a payload in one header,
// so a test composes them inside out: ethernet(ipv4(..., tcp(..., payload))).

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace pt::test {

using Bytes = std::vector<std::uint8_t>;

Bytes bytes_of(std::string_view text);
Bytes concat(std::initializer_list<Bytes> parts);

inline constexpr std::uint16_t kEtherIpv4 = 0x0800;
inline constexpr std::uint16_t kEtherIpv6 = 0x86DD;
inline constexpr std::uint16_t kEtherArp = 0x0806;

inline constexpr std::uint8_t kFin = 0x01;
inline constexpr std::uint8_t kSyn = 0x02;
inline constexpr std::uint8_t kRst = 0x04;
inline constexpr std::uint8_t kPsh = 0x08;
inline constexpr std::uint8_t kAck = 0x10;
inline constexpr std::uint8_t kUrg = 0x20;

struct EthernetSpec {
  std::string src_mac = "02:00:00:00:00:01";
  std::string dst_mac = "02:00:00:00:00:02";
  std::vector<std::uint16_t> vlans;  // outermost first; the first is 802.1ad when there are two
};
Bytes ethernet(const Bytes& payload, std::uint16_t ethertype = kEtherIpv4, const EthernetSpec& spec = {});

struct Ipv4Spec {
  std::uint8_t ttl = 64;
  std::uint16_t id = 1;
  bool more_fragments = false;
  bool dont_fragment = false;
  std::uint16_t fragment_offset_bytes = 0;
  Bytes options;                   // padded to 4 bytes
  int total_length_override = -1;  // for malformed-length tests
};
Bytes ipv4(std::string_view src, std::string_view dst, std::uint8_t protocol, const Bytes& payload,
           const Ipv4Spec& spec = {});

struct Ipv6Extension {
  std::uint8_t type = 0;  // 0 hop-by-hop, 43 routing, 44 fragment, 60 destination options, or other
  Bytes body;             // bytes after next-header/length (fragment: 6 bytes)
};
struct Ipv6Spec {
  std::uint8_t hop_limit = 64;
  std::vector<Ipv6Extension> extensions;
};
Bytes ipv6(std::string_view src, std::string_view dst, std::uint8_t protocol, const Bytes& payload,
           const Ipv6Spec& spec = {});
// The body of an IPv6 fragment extension header (RFC 8200 §4.5).
Bytes ipv6_fragment_body(std::uint16_t offset_bytes, bool more, std::uint32_t id);

struct TcpSpec {
  std::uint32_t seq = 1000;
  std::uint32_t ack = 0;
  std::uint16_t window = 65535;
  Bytes options;
};
Bytes tcp(std::uint16_t sport, std::uint16_t dport, std::uint8_t flags, const Bytes& payload = {},
          const TcpSpec& spec = {});
Bytes udp(std::uint16_t sport, std::uint16_t dport, const Bytes& payload = {});
Bytes icmp(std::uint8_t type, std::uint8_t code, std::uint16_t id = 0, std::uint16_t seq = 0,
           const Bytes& payload = {});
Bytes icmpv6(std::uint8_t type, std::uint8_t code, std::uint16_t id = 0, std::uint16_t seq = 0,
             const Bytes& payload = {});
Bytes arp(std::uint16_t operation, std::string_view sender_ip, std::string_view target_ip);

// Link headers other than Ethernet.
Bytes linux_sll(const Bytes& payload, std::uint16_t protocol = kEtherIpv4);
Bytes linux_sll2(const Bytes& payload, std::uint16_t protocol = kEtherIpv4);
Bytes bsd_null(const Bytes& payload, std::uint32_t family, bool big_endian);

// Application payloads.
struct DnsAnswer {
  std::string name;
  std::uint16_t type = 1;
  std::string data;  // address text for A/AAAA, a name for CNAME/PTR
  std::uint32_t ttl = 300;
};
Bytes dns_message(std::uint16_t id, std::string_view question, std::uint16_t qtype,
                  const std::vector<DnsAnswer>& answers = {}, bool response = false);
Bytes tls_client_hello(std::string_view server_name, std::uint16_t version = 0x0303);
Bytes http_request(std::string_view host, std::string_view method = "GET", std::string_view path = "/");

// Encapsulations between the link header and IP, and the tunnels the decoder recognizes.
// An 802.3 frame (length field) carrying LLC/SNAP with the EtherType.
Bytes ethernet_8023_snap(const Bytes& payload, std::uint16_t ethertype = kEtherIpv4);
// An MPLS label stack, outermost first; the bottom-of-stack bit is set on the last label.
Bytes mpls(const Bytes& payload, const std::vector<std::uint32_t>& labels);
Bytes pppoe_session(const Bytes& payload, std::uint16_t ppp_protocol = 0x0021);
// PPP with (RFC 1662 FF 03) or without address/control, and a 2-byte protocol field.
Bytes ppp(const Bytes& payload, std::uint16_t protocol = 0x0021, bool hdlc_framing = true);
Bytes cisco_hdlc(const Bytes& payload, std::uint16_t protocol = kEtherIpv4);
// NFLOG with a prefix TLV before the NFULA_PAYLOAD TLV (family 2 = IPv4, 10 = IPv6).
Bytes nflog(const Bytes& payload, std::uint8_t family);
struct Ieee80211Spec {
  bool to_ds = true;
  bool qos = false;
  bool protected_frame = false;
};
// An 802.11 data frame with an LLC/SNAP header before the payload.
Bytes ieee80211_data(const Bytes& payload, std::uint16_t ethertype = kEtherIpv4, const Ieee80211Spec& spec = {});
// A radiotap header (TSFT + Flags) before an 802.11 frame; with_fcs appends a 4-byte FCS.
Bytes radiotap(const Bytes& frame, bool with_fcs = false);
Bytes gre(const Bytes& payload, std::uint16_t protocol = kEtherIpv4);
Bytes vxlan(const Bytes& inner_frame, std::uint32_t vni = 42);
Bytes gtp_u(const Bytes& inner_ip, std::uint32_t teid = 7);

struct PcapRecord {
  std::int64_t ts_nanos = 0;
  Bytes data;
  std::uint32_t wire_length = 0;  // 0: the data's length
};
// Writes a classic pcap file (microsecond, or nanosecond when nano is set).
void write_pcap(const std::filesystem::path& path, int link_type, const std::vector<PcapRecord>& records,
                bool nano = false);

}  // namespace pt::test

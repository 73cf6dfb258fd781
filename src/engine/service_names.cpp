#include "engine/service_names.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>

namespace pt::engine {
namespace {

constexpr std::uint8_t kTcp = 6;
constexpr std::uint8_t kUdp = 17;
constexpr std::uint8_t kSctp = 132;

enum class On : std::uint8_t { Tcp, Udp, Both };

struct Builtin {
  std::uint16_t port;
  On on;
  std::string_view name;
};

// IANA "Service Name and Transport Protocol Port Number Registry" names for ports commonly seen
// on the wire; used when /etc/services is absent or lacks them.
constexpr std::array kBuiltin{
    Builtin{7, On::Both, "echo"},
    Builtin{20, On::Tcp, "ftp-data"},
    Builtin{21, On::Tcp, "ftp"},
    Builtin{22, On::Tcp, "ssh"},
    Builtin{23, On::Tcp, "telnet"},
    Builtin{25, On::Tcp, "smtp"},
    Builtin{43, On::Tcp, "whois"},
    Builtin{53, On::Both, "domain"},
    Builtin{67, On::Udp, "bootps"},
    Builtin{68, On::Udp, "bootpc"},
    Builtin{69, On::Udp, "tftp"},
    Builtin{80, On::Both, "http"},
    Builtin{88, On::Both, "kerberos"},
    Builtin{110, On::Tcp, "pop3"},
    Builtin{111, On::Both, "sunrpc"},
    Builtin{119, On::Tcp, "nntp"},
    Builtin{123, On::Udp, "ntp"},
    Builtin{135, On::Tcp, "epmap"},
    Builtin{137, On::Udp, "netbios-ns"},
    Builtin{138, On::Udp, "netbios-dgm"},
    Builtin{139, On::Tcp, "netbios-ssn"},
    Builtin{143, On::Tcp, "imap2"},
    Builtin{161, On::Udp, "snmp"},
    Builtin{162, On::Udp, "snmp-trap"},
    Builtin{179, On::Tcp, "bgp"},
    Builtin{389, On::Both, "ldap"},
    Builtin{443, On::Both, "https"},
    Builtin{445, On::Tcp, "microsoft-ds"},
    Builtin{465, On::Tcp, "submissions"},
    Builtin{500, On::Udp, "isakmp"},
    Builtin{514, On::Udp, "syslog"},
    Builtin{515, On::Tcp, "printer"},
    Builtin{520, On::Udp, "router"},
    Builtin{546, On::Udp, "dhcpv6-client"},
    Builtin{547, On::Udp, "dhcpv6-server"},
    Builtin{554, On::Both, "rtsp"},
    Builtin{587, On::Tcp, "submission"},
    Builtin{631, On::Tcp, "ipp"},
    Builtin{636, On::Tcp, "ldaps"},
    Builtin{853, On::Both, "domain-s"},
    Builtin{873, On::Tcp, "rsync"},
    Builtin{989, On::Tcp, "ftps-data"},
    Builtin{990, On::Tcp, "ftps"},
    Builtin{993, On::Tcp, "imaps"},
    Builtin{995, On::Tcp, "pop3s"},
    Builtin{1080, On::Tcp, "socks"},
    Builtin{1194, On::Both, "openvpn"},
    Builtin{1433, On::Tcp, "ms-sql-s"},
    Builtin{1701, On::Udp, "l2tp"},
    Builtin{1723, On::Tcp, "pptp"},
    Builtin{1812, On::Udp, "radius"},
    Builtin{1813, On::Udp, "radius-acct"},
    Builtin{1883, On::Tcp, "mqtt"},
    Builtin{1900, On::Udp, "ssdp"},
    Builtin{2049, On::Both, "nfs"},
    Builtin{3128, On::Tcp, "squid-http"},
    Builtin{3306, On::Tcp, "mysql"},
    Builtin{3389, On::Tcp, "ms-wbt-server"},
    Builtin{3478, On::Udp, "stun"},
    Builtin{4500, On::Udp, "ipsec-nat-t"},
    Builtin{5060, On::Both, "sip"},
    Builtin{5061, On::Tcp, "sip-tls"},
    Builtin{5222, On::Tcp, "xmpp-client"},
    Builtin{5353, On::Udp, "mdns"},
    Builtin{5355, On::Udp, "llmnr"},
    Builtin{5432, On::Tcp, "postgresql"},
    Builtin{5672, On::Tcp, "amqp"},
    Builtin{5900, On::Tcp, "vnc"},
    Builtin{6379, On::Tcp, "redis"},
    Builtin{6881, On::Both, "bittorrent"},
    Builtin{8080, On::Tcp, "http-alt"},
    Builtin{8443, On::Tcp, "https-alt"},
    Builtin{9000, On::Tcp, "cslistener"},
    Builtin{27017, On::Tcp, "mongodb"},
    Builtin{51820, On::Udp, "wireguard"},
};

std::uint32_t key_of(std::uint16_t port, std::uint8_t ip_protocol) {
  return (static_cast<std::uint32_t>(ip_protocol) << 16U) | port;
}

// One services(5) line: "name port/protocol [aliases...] [# comment]".
bool parse_line(std::string_view line, std::string_view& name, std::uint16_t& port, std::uint8_t& protocol) {
  if (const auto hash = line.find('#'); hash != std::string_view::npos) line = line.substr(0, hash);
  constexpr std::string_view kSpace = " \t\r";
  const auto name_begin = line.find_first_not_of(kSpace);
  if (name_begin == std::string_view::npos) return false;
  const auto name_end = line.find_first_of(kSpace, name_begin);
  if (name_end == std::string_view::npos) return false;
  name = line.substr(name_begin, name_end - name_begin);
  const auto spec_begin = line.find_first_not_of(kSpace, name_end);
  if (spec_begin == std::string_view::npos) return false;
  auto spec = line.substr(spec_begin);
  spec = spec.substr(0, spec.find_first_of(kSpace));
  const auto slash = spec.find('/');
  if (slash == std::string_view::npos) return false;
  const auto proto_text = spec.substr(slash + 1);
  const auto [end, ec] = std::from_chars(spec.data(), spec.data() + slash, port);
  if (ec != std::errc{} || end != spec.data() + slash) return false;
  if (proto_text == "tcp") {
    protocol = kTcp;
  } else if (proto_text == "udp") {
    protocol = kUdp;
  } else if (proto_text == "sctp") {
    protocol = kSctp;
  } else {
    return false;  // ddp and other non-IP transports
  }
  return true;
}

}  // namespace

ServiceNames::ServiceNames() {
  add_builtin();
  finish();
}

ServiceNames::ServiceNames(const std::filesystem::path& services_file) {
  std::ifstream in(services_file);
  std::string line;
  while (in && std::getline(in, line)) {
    std::string_view name;
    std::uint16_t port = 0;
    std::uint8_t protocol = 0;
    if (parse_line(line, name, port, protocol)) {
      add(port, protocol, name);
      ++from_file_;
    }
  }
  add_builtin();
  finish();
}

void ServiceNames::add_builtin() {
  for (const auto& b : kBuiltin) {
    if (b.on != On::Udp) add(b.port, kTcp, b.name);
    if (b.on != On::Tcp) add(b.port, kUdp, b.name);
  }
}

void ServiceNames::add(std::uint16_t port, std::uint8_t ip_protocol, std::string_view name) {
  entries_.push_back(Entry{key_of(port, ip_protocol), std::string(name)});
}

void ServiceNames::finish() {
  // Stable: for a port named twice, the first entry (the file's, then its first line) wins,
  // as getservbyport(3) answers with the first match.
  std::stable_sort(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) { return a.key < b.key; });
  entries_.erase(
      std::unique(entries_.begin(), entries_.end(), [](const Entry& a, const Entry& b) { return a.key == b.key; }),
      entries_.end());
  entries_.shrink_to_fit();
}

std::string_view ServiceNames::lookup(util::Port port, std::uint8_t ip_protocol) const {
  const auto key = key_of(port.value, ip_protocol);
  const auto it = std::lower_bound(entries_.begin(), entries_.end(), key,
                                   [](const Entry& e, std::uint32_t k) { return e.key < k; });
  return it != entries_.end() && it->key == key ? std::string_view(it->name) : std::string_view();
}

std::string_view ServiceNames::for_flow(util::Port initiator_port, util::Port responder_port,
                                        std::uint8_t ip_protocol) const {
  const auto responder = lookup(responder_port, ip_protocol);
  const auto initiator = lookup(initiator_port, ip_protocol);
  constexpr std::uint16_t kWellKnownEnd = 1024;  // RFC 6335 §6: system ports 0-1023
  if (!responder.empty() && responder_port.value < kWellKnownEnd) return responder;
  if (!initiator.empty() && initiator_port.value < kWellKnownEnd) return initiator;
  return !responder.empty() ? responder : initiator;
}

}  // namespace pt::engine

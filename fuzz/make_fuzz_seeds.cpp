// Writes the starting corpus of every fuzz target from packets built by the test builders:
//   make_fuzz_seeds OUT_DIR  ->  OUT_DIR/<target>/<seed name>
// fuzz_decode seeds start with the selector byte of the link type their frame was built for.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include "fuzz/fuzz_link_types.hpp"
#include "packet/decode.hpp"
#include "support/packet_builder.hpp"

namespace {

namespace fs = std::filesystem;
using pt::packet::LinkType;
using pt::test::Bytes;
using pt::test::concat;

struct Seed {
  std::string name;
  Bytes bytes;
};

Bytes framed(LinkType link, const Bytes& frame) { return concat({Bytes{pt::fuzz::selector_for(link)}, frame}); }

std::vector<Seed> decode_seeds() {
  namespace t = pt::test;
  const auto dns =
      t::udp(5353, 53, t::dns_message(1, "www.example.com", 1, {{"www.example.com", 1, "192.0.2.1"}}, true));
  const auto tcp_tls = t::tcp(50000, 443, t::kAck | t::kPsh, t::tls_client_hello("sni.example.org"));
  const auto tcp_http = t::tcp(50001, 80, t::kAck | t::kPsh, t::http_request("host.example.net"));
  const auto v4_dns = t::ipv4("10.0.0.1", "10.0.0.2", 17, dns);
  const auto v4_tls = t::ipv4("10.0.0.1", "93.184.216.34", 6, tcp_tls);
  t::Ipv6Spec ext;
  ext.extensions = {{0, {}}, {43, Bytes(6, 0)}, {44, t::ipv6_fragment_body(0, true, 9)}, {60, {1, 2, 0, 0}}};
  const auto v6_http = t::ipv6("2001:db8::1", "2001:db8::2", 6, tcp_http, ext);
  const auto probe = t::ipv4("10.0.0.5", "203.0.113.9", 17, t::udp(40000, 33434, Bytes(8, 0)));
  const auto icmp_err =
      t::ipv4("10.0.0.1", "10.0.0.5", 1, t::icmp(11, 0, 0, 0, Bytes(probe.begin(), probe.begin() + 28)));
  t::EthernetSpec qinq;
  qinq.vlans = {100, 200};
  return {
      {"ethernet-ipv4-dns", framed(LinkType::Ethernet, t::ethernet(v4_dns))},
      {"ethernet-ipv4-tls", framed(LinkType::Ethernet, t::ethernet(v4_tls))},
      {"qinq-ipv6-ext-http", framed(LinkType::Ethernet, t::ethernet(v6_http, t::kEtherIpv6, qinq))},
      {"ethernet-icmp-time-exceeded", framed(LinkType::Ethernet, t::ethernet(icmp_err))},
      {"ethernet-arp", framed(LinkType::Ethernet, t::ethernet(t::arp(1, "10.0.0.1", "10.0.0.2"), t::kEtherArp))},
      {"ethernet-mpls-pppoe", framed(LinkType::Ethernet, t::ethernet(t::mpls(v4_dns, {16, 17}), 0x8847))},
      {"ethernet-pppoe", framed(LinkType::Ethernet, t::ethernet(t::pppoe_session(v4_tls), 0x8864))},
      {"ethernet-8023-snap", framed(LinkType::Ethernet, t::ethernet_8023_snap(v4_dns))},
      {"ethernet-vxlan",
       framed(LinkType::Ethernet,
              t::ethernet(t::ipv4("10.9.0.1", "10.9.0.2", 17, t::udp(1, 4789, t::vxlan(t::ethernet(v4_dns))))))},
      {"sll-ipv4", framed(LinkType::LinuxSll, t::linux_sll(v4_tls))},
      {"sll2-ipv6", framed(LinkType::LinuxSll2, t::linux_sll2(v6_http, t::kEtherIpv6))},
      {"null-ipv4", framed(LinkType::Null, t::bsd_null(v4_dns, 2, false))},
      {"loop-ipv6", framed(LinkType::Loop, t::bsd_null(v6_http, 30, true))},
      {"raw-ipv6", framed(LinkType::Raw, v6_http)},
      {"ipv4-icmp", framed(LinkType::Ipv4, icmp_err)},
      {"ppp-ipv4", framed(LinkType::Ppp, t::ppp(v4_tls))},
      {"chdlc-ipv4", framed(LinkType::CiscoHdlc, t::cisco_hdlc(v4_dns))},
      {"frelay-ipv4", framed(LinkType::FrameRelay, concat({Bytes{0x18, 0x41, 0x03, 0xCC}, v4_dns}))},
      {"nflog-ipv4", framed(LinkType::Nflog, t::nflog(v4_tls, 2))},
      {"ieee80211-ipv4", framed(LinkType::Ieee80211, t::ieee80211_data(v4_dns))},
      {"radiotap-ipv4", framed(LinkType::Radiotap, t::radiotap(t::ieee80211_data(v4_tls), true))},
      {"ppi-ethernet", framed(LinkType::Ppi, concat({Bytes{0, 0, 8, 0, 1, 0, 0, 0}, t::ethernet(v4_dns)}))},
  };
}

std::vector<Seed> dns_seeds() {
  namespace t = pt::test;
  const auto answers = t::dns_message(2, "www.example.com", 1,
                                      {{"www.example.com", 5, "cdn.example.net"},
                                       {"cdn.example.net", 1, "192.0.2.7"},
                                       {"cdn.example.net", 28, "2001:db8::7"}},
                                      true);
  Bytes tcp{0, static_cast<std::uint8_t>(answers.size())};
  tcp.insert(tcp.end(), answers.begin(), answers.end());
  return {
      {"query-a", t::dns_message(1, "example.org", 1)},
      {"response-cname-a-aaaa", answers},
      {"response-ptr",
       t::dns_message(3, "1.2.0.192.in-addr.arpa", 12, {{"1.2.0.192.in-addr.arpa", 12, "h.example"}}, true)},
      {"tcp-framed", tcp},
  };
}

std::vector<Seed> tls_seeds() {
  return {{"hello-tls10", pt::test::tls_client_hello("a.example", 0x0301)},
          {"hello-tls11", pt::test::tls_client_hello("b.example", 0x0302)},
          {"hello-tls12", pt::test::tls_client_hello("c.example", 0x0303)}};
}

std::vector<Seed> http_seeds() {
  return {{"get", pt::test::http_request("www.example.com")},
          {"post-port", pt::test::http_request("api.example.com:8080", "POST", "/v1")},
          {"lowercase-host", pt::test::bytes_of("GET / HTTP/1.1\r\nhost:  lower.example \r\n\r\n")}};
}

// A decode seed that does not decode cleanly would start the fuzzer from noise: refuse it.
bool decodes_cleanly(const Seed& seed) {
  pt::packet::Frame frame;
  frame.link_type = static_cast<int>(pt::fuzz::kLinkTypes[seed.bytes[0] % pt::fuzz::kLinkTypes.size()]);
  frame.data = std::span<const std::uint8_t>(seed.bytes).subspan(1);
  pt::packet::Packet p;
  pt::packet::decode(frame, p);
  if (p.status == pt::packet::DecodeStatus::Ok && p.network != pt::packet::Network::None) return true;
  std::fprintf(stderr, "make_fuzz_seeds: seed %s does not decode cleanly\n", seed.name.c_str());
  return false;
}

bool write_all(const fs::path& dir, const std::vector<Seed>& seeds) {
  fs::create_directories(dir);
  for (const auto& s : seeds) {
    std::ofstream out(dir / s.name, std::ios::binary);
    out.write(reinterpret_cast<const char*>(s.bytes.data()), static_cast<std::streamsize>(s.bytes.size()));
    if (!out) return false;
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: make_fuzz_seeds OUT_DIR\n");
    return 2;
  }
  const fs::path out = argv[1];
  const std::vector<std::pair<const char*, std::vector<Seed>>> targets{
      {"fuzz_decode", decode_seeds()},
      {"fuzz_dns", dns_seeds()},
      {"fuzz_tls_sni", tls_seeds()},
      {"fuzz_http_host", http_seeds()},
  };
  for (const auto& seed : targets.front().second) {
    if (!decodes_cleanly(seed)) return 1;
  }
  for (const auto& [target, seeds] : targets) {
    if (!write_all(out / target, seeds)) {
      std::fprintf(stderr, "make_fuzz_seeds: cannot write seeds under %s\n", (out / target).c_str());
      return 1;
    }
    std::printf("%s: %zu seeds\n", target, seeds.size());
  }
  return 0;
}

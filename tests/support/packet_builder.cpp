#include "support/packet_builder.hpp"

#include <arpa/inet.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <stdexcept>

namespace pt::test {
namespace {

void put16(Bytes& b, std::uint16_t v) {
  b.push_back(static_cast<std::uint8_t>(v >> 8U));
  b.push_back(static_cast<std::uint8_t>(v));
}
void put32(Bytes& b, std::uint32_t v) {
  put16(b, static_cast<std::uint16_t>(v >> 16U));
  put16(b, static_cast<std::uint16_t>(v));
}
void append(Bytes& b, const Bytes& more) { b.insert(b.end(), more.begin(), more.end()); }

std::array<std::uint8_t, 4> v4(std::string_view text) {
  std::array<std::uint8_t, 4> out{};
  if (inet_pton(AF_INET, std::string(text).c_str(), out.data()) != 1) throw std::invalid_argument("bad IPv4");
  return out;
}
std::array<std::uint8_t, 16> v6(std::string_view text) {
  std::array<std::uint8_t, 16> out{};
  if (inet_pton(AF_INET6, std::string(text).c_str(), out.data()) != 1) throw std::invalid_argument("bad IPv6");
  return out;
}
std::array<std::uint8_t, 6> mac(std::string_view text) {
  std::array<std::uint8_t, 6> out{};
  unsigned v[6];
  if (std::sscanf(std::string(text).c_str(), "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4], &v[5]) != 6) {
    throw std::invalid_argument("bad MAC");
  }
  for (int i = 0; i < 6; ++i) out[static_cast<std::size_t>(i)] = static_cast<std::uint8_t>(v[i]);
  return out;
}

std::uint16_t checksum(const Bytes& data) {
  std::uint32_t sum = 0;
  for (std::size_t i = 0; i + 1 < data.size(); i += 2) sum += static_cast<std::uint32_t>((data[i] << 8U) | data[i + 1]);
  if (data.size() % 2 != 0) sum += static_cast<std::uint32_t>(data.back() << 8U);
  while ((sum >> 16U) != 0) sum = (sum & 0xFFFFU) + (sum >> 16U);
  return static_cast<std::uint16_t>(~sum);
}

void put_name(Bytes& b, std::string_view name) {
  while (!name.empty()) {
    const auto dot = name.find('.');
    const auto label = name.substr(0, dot);
    b.push_back(static_cast<std::uint8_t>(label.size()));
    b.insert(b.end(), label.begin(), label.end());
    if (dot == std::string_view::npos) break;
    name.remove_prefix(dot + 1);
  }
  b.push_back(0);
}

}  // namespace

Bytes bytes_of(std::string_view text) { return {text.begin(), text.end()}; }

Bytes concat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const auto& p : parts) append(out, p);
  return out;
}

Bytes ethernet(const Bytes& payload, std::uint16_t ethertype, const EthernetSpec& spec) {
  Bytes b;
  const auto d = mac(spec.dst_mac);
  const auto s = mac(spec.src_mac);
  b.insert(b.end(), d.begin(), d.end());
  b.insert(b.end(), s.begin(), s.end());
  for (std::size_t i = 0; i < spec.vlans.size(); ++i) {
    put16(b, (spec.vlans.size() > 1 && i == 0) ? 0x88A8 : 0x8100);
    put16(b, spec.vlans[i]);
  }
  put16(b, ethertype);
  append(b, payload);
  return b;
}

Bytes ipv4(std::string_view src, std::string_view dst, std::uint8_t protocol, const Bytes& payload,
           const Ipv4Spec& spec) {
  Bytes options = spec.options;
  while (options.size() % 4 != 0) options.push_back(0);
  const auto header_length = static_cast<std::uint8_t>(20 + options.size());
  Bytes b;
  b.push_back(static_cast<std::uint8_t>(0x40U | (header_length / 4U)));
  b.push_back(0);
  const auto total = spec.total_length_override >= 0 ? static_cast<std::uint16_t>(spec.total_length_override)
                                                     : static_cast<std::uint16_t>(header_length + payload.size());
  put16(b, total);
  put16(b, spec.id);
  std::uint16_t flags = static_cast<std::uint16_t>(spec.fragment_offset_bytes / 8U);
  if (spec.more_fragments) flags |= 0x2000U;
  if (spec.dont_fragment) flags |= 0x4000U;
  put16(b, flags);
  b.push_back(spec.ttl);
  b.push_back(protocol);
  put16(b, 0);
  const auto s = v4(src);
  const auto d = v4(dst);
  b.insert(b.end(), s.begin(), s.end());
  b.insert(b.end(), d.begin(), d.end());
  append(b, options);
  const auto sum = checksum(b);
  b[10] = static_cast<std::uint8_t>(sum >> 8U);
  b[11] = static_cast<std::uint8_t>(sum);
  append(b, payload);
  return b;
}

Bytes ipv6_fragment_body(std::uint16_t offset_bytes, bool more, std::uint32_t id) {
  Bytes b;
  put16(b, static_cast<std::uint16_t>((offset_bytes & 0xFFF8U) | (more ? 1U : 0U)));
  put32(b, id);
  return b;
}

Bytes ipv6(std::string_view src, std::string_view dst, std::uint8_t protocol, const Bytes& payload,
           const Ipv6Spec& spec) {
  Bytes chain;
  for (std::size_t i = 0; i < spec.extensions.size(); ++i) {
    const auto& ext = spec.extensions[i];
    const std::uint8_t next = i + 1 < spec.extensions.size() ? spec.extensions[i + 1].type : protocol;
    Bytes body = ext.body;
    if (ext.type == 44) {
      body.resize(6, 0);
      chain.push_back(next);
      chain.push_back(0);
    } else {
      while ((body.size() + 2) % 8 != 0) body.push_back(0);
      chain.push_back(next);
      chain.push_back(static_cast<std::uint8_t>((body.size() + 2) / 8 - 1));
    }
    append(chain, body);
  }
  Bytes b;
  put32(b, 0x60000000U);
  put16(b, static_cast<std::uint16_t>(chain.size() + payload.size()));
  b.push_back(spec.extensions.empty() ? protocol : spec.extensions.front().type);
  b.push_back(spec.hop_limit);
  const auto s = v6(src);
  const auto d = v6(dst);
  b.insert(b.end(), s.begin(), s.end());
  b.insert(b.end(), d.begin(), d.end());
  append(b, chain);
  append(b, payload);
  return b;
}

Bytes tcp(std::uint16_t sport, std::uint16_t dport, std::uint8_t flags, const Bytes& payload, const TcpSpec& spec) {
  Bytes options = spec.options;
  while (options.size() % 4 != 0) options.push_back(1);  // NOP padding
  Bytes b;
  put16(b, sport);
  put16(b, dport);
  put32(b, spec.seq);
  put32(b, spec.ack);
  b.push_back(static_cast<std::uint8_t>(((20 + options.size()) / 4) << 4U));
  b.push_back(flags);
  put16(b, spec.window);
  put16(b, 0);
  put16(b, 0);
  append(b, options);
  append(b, payload);
  return b;
}

Bytes udp(std::uint16_t sport, std::uint16_t dport, const Bytes& payload) {
  Bytes b;
  put16(b, sport);
  put16(b, dport);
  put16(b, static_cast<std::uint16_t>(8 + payload.size()));
  put16(b, 0);
  append(b, payload);
  return b;
}

Bytes icmp(std::uint8_t type, std::uint8_t code, std::uint16_t id, std::uint16_t seq, const Bytes& payload) {
  Bytes b{type, code, 0, 0};
  put16(b, id);
  put16(b, seq);
  append(b, payload);
  const auto sum = checksum(b);
  b[2] = static_cast<std::uint8_t>(sum >> 8U);
  b[3] = static_cast<std::uint8_t>(sum);
  return b;
}

Bytes icmpv6(std::uint8_t type, std::uint8_t code, std::uint16_t id, std::uint16_t seq, const Bytes& payload) {
  Bytes b{type, code, 0, 0};
  put16(b, id);
  put16(b, seq);
  append(b, payload);
  return b;
}

Bytes arp(std::uint16_t operation, std::string_view sender_ip, std::string_view target_ip) {
  Bytes b;
  put16(b, 1);
  put16(b, 0x0800);
  b.push_back(6);
  b.push_back(4);
  put16(b, operation);
  const auto sm = mac("02:00:00:00:00:01");
  b.insert(b.end(), sm.begin(), sm.end());
  const auto si = v4(sender_ip);
  b.insert(b.end(), si.begin(), si.end());
  b.insert(b.end(), 6, 0);
  const auto ti = v4(target_ip);
  b.insert(b.end(), ti.begin(), ti.end());
  return b;
}

Bytes linux_sll(const Bytes& payload, std::uint16_t protocol) {
  Bytes b;
  put16(b, 0);  // to us
  put16(b, 1);  // ARPHRD_ETHER
  put16(b, 6);
  const auto m = mac("02:00:00:00:00:01");
  b.insert(b.end(), m.begin(), m.end());
  b.push_back(0);
  b.push_back(0);
  put16(b, protocol);
  append(b, payload);
  return b;
}

Bytes linux_sll2(const Bytes& payload, std::uint16_t protocol) {
  Bytes b;
  put16(b, protocol);
  put16(b, 0);
  put32(b, 2);  // ifindex
  put16(b, 1);  // ARPHRD_ETHER
  b.push_back(0);
  b.push_back(6);
  const auto m = mac("02:00:00:00:00:01");
  b.insert(b.end(), m.begin(), m.end());
  b.push_back(0);
  b.push_back(0);
  append(b, payload);
  return b;
}

Bytes bsd_null(const Bytes& payload, std::uint32_t family, bool big_endian) {
  Bytes b;
  if (big_endian) {
    put32(b, family);
  } else {
    for (int i = 0; i < 4; ++i) b.push_back(static_cast<std::uint8_t>(family >> (8U * static_cast<unsigned>(i))));
  }
  append(b, payload);
  return b;
}

Bytes dns_message(std::uint16_t id, std::string_view question, std::uint16_t qtype,
                  const std::vector<DnsAnswer>& answers, bool response) {
  Bytes b;
  put16(b, id);
  put16(b, response ? 0x8180 : 0x0100);
  put16(b, 1);
  put16(b, static_cast<std::uint16_t>(answers.size()));
  put16(b, 0);
  put16(b, 0);
  put_name(b, question);
  put16(b, qtype);
  put16(b, 1);
  for (const auto& a : answers) {
    if (a.name == question) {
      put16(b, 0xC00C);  // compression pointer to the question name
    } else {
      put_name(b, a.name);
    }
    put16(b, a.type);
    put16(b, 1);
    put32(b, a.ttl);
    Bytes rdata;
    if (a.type == 1) {
      const auto x = v4(a.data);
      rdata.assign(x.begin(), x.end());
    } else if (a.type == 28) {
      const auto x = v6(a.data);
      rdata.assign(x.begin(), x.end());
    } else {
      put_name(rdata, a.data);
    }
    put16(b, static_cast<std::uint16_t>(rdata.size()));
    append(b, rdata);
  }
  return b;
}

Bytes tls_client_hello(std::string_view server_name, std::uint16_t version) {
  Bytes sni_ext;
  put16(sni_ext, 0x0000);
  Bytes list;
  list.push_back(0);
  put16(list, static_cast<std::uint16_t>(server_name.size()));
  list.insert(list.end(), server_name.begin(), server_name.end());
  Bytes sni_body;
  put16(sni_body, static_cast<std::uint16_t>(list.size()));
  append(sni_body, list);
  put16(sni_ext, static_cast<std::uint16_t>(sni_body.size()));
  append(sni_ext, sni_body);
  Bytes other_ext;  // supported_groups, before SNI, to make the walk non-trivial
  put16(other_ext, 0x000A);
  put16(other_ext, 4);
  put16(other_ext, 2);
  put16(other_ext, 0x001D);

  Bytes hello;
  put16(hello, version);
  hello.insert(hello.end(), 32, 0xAB);
  hello.push_back(32);
  hello.insert(hello.end(), 32, 0xCD);
  put16(hello, 4);
  put16(hello, 0x1301);
  put16(hello, 0xC02F);
  hello.push_back(1);
  hello.push_back(0);
  put16(hello, static_cast<std::uint16_t>(other_ext.size() + sni_ext.size()));
  append(hello, other_ext);
  append(hello, sni_ext);

  Bytes handshake{0x01};
  handshake.push_back(static_cast<std::uint8_t>(hello.size() >> 16U));
  put16(handshake, static_cast<std::uint16_t>(hello.size()));
  append(handshake, hello);
  Bytes record{0x16, 0x03, 0x01};
  put16(record, static_cast<std::uint16_t>(handshake.size()));
  append(record, handshake);
  return record;
}

Bytes http_request(std::string_view host, std::string_view method, std::string_view path) {
  std::string text = std::string(method) + " " + std::string(path) +
                     " HTTP/1.1\r\nUser-Agent: test\r\nHost: " + std::string(host) + "\r\nAccept: */*\r\n\r\n";
  return bytes_of(text);
}

Bytes ethernet_8023_snap(const Bytes& payload, std::uint16_t ethertype) {
  Bytes llc{0xAA, 0xAA, 0x03, 0x00, 0x00, 0x00};
  put16(llc, ethertype);
  append(llc, payload);
  Bytes b;
  const auto d = mac("02:00:00:00:00:02");
  const auto s = mac("02:00:00:00:00:01");
  b.insert(b.end(), d.begin(), d.end());
  b.insert(b.end(), s.begin(), s.end());
  put16(b, static_cast<std::uint16_t>(llc.size()));
  append(b, llc);
  return b;
}

Bytes mpls(const Bytes& payload, const std::vector<std::uint32_t>& labels) {
  Bytes b;
  for (std::size_t i = 0; i < labels.size(); ++i) {
    const bool bottom = i + 1 == labels.size();
    put32(b, (labels[i] << 12U) | (bottom ? 0x100U : 0U) | 64U);
  }
  append(b, payload);
  return b;
}

Bytes pppoe_session(const Bytes& payload, std::uint16_t ppp_protocol) {
  Bytes b{0x11, 0x00};
  put16(b, 0x1234);  // session id
  put16(b, static_cast<std::uint16_t>(payload.size() + 2));
  put16(b, ppp_protocol);
  append(b, payload);
  return b;
}

Bytes ppp(const Bytes& payload, std::uint16_t protocol, bool hdlc_framing) {
  Bytes b;
  if (hdlc_framing) b = {0xFF, 0x03};
  put16(b, protocol);
  append(b, payload);
  return b;
}

Bytes cisco_hdlc(const Bytes& payload, std::uint16_t protocol) {
  Bytes b{0x0F, 0x00};
  put16(b, protocol);
  append(b, payload);
  return b;
}

Bytes nflog(const Bytes& payload, std::uint8_t family) {
  Bytes b{family, 0, 0, 0};
  auto tlv = [&](std::uint16_t type, const Bytes& value) {
    const auto length = static_cast<std::uint16_t>(value.size() + 4);
    b.push_back(static_cast<std::uint8_t>(length));
    b.push_back(static_cast<std::uint8_t>(length >> 8U));
    b.push_back(static_cast<std::uint8_t>(type));
    b.push_back(static_cast<std::uint8_t>(type >> 8U));
    append(b, value);
    while (b.size() % 4 != 0) b.push_back(0);
  };
  tlv(10, bytes_of("prefix\0"));  // NFULA_PREFIX, padded
  tlv(9, payload);                // NFULA_PAYLOAD
  return b;
}

Bytes ieee80211_data(const Bytes& payload, std::uint16_t ethertype, const Ieee80211Spec& spec) {
  Bytes b;
  b.push_back(spec.qos ? 0x88 : 0x08);  // type data, subtype data / QoS data
  std::uint8_t flags = spec.to_ds ? 0x01 : 0x02;
  if (spec.protected_frame) flags |= 0x40U;
  b.push_back(flags);
  put16(b, 0);  // duration
  for (const char* m : {"02:00:00:00:00:aa", "02:00:00:00:00:01", "02:00:00:00:00:02"}) {
    const auto x = mac(m);
    b.insert(b.end(), x.begin(), x.end());
  }
  put16(b, 0x0010);  // sequence control
  if (spec.qos) put16(b, 0);
  Bytes snap{0xAA, 0xAA, 0x03, 0x00, 0x00, 0x00};
  put16(snap, ethertype);
  append(b, snap);
  append(b, payload);
  return b;
}

Bytes radiotap(const Bytes& frame, bool with_fcs) {
  Bytes b{0x00, 0x00, 24, 0x00};                // version, pad, length 24 (LE)
  b.insert(b.end(), {0x03, 0x00, 0x00, 0x00});  // present: TSFT, Flags
  b.insert(b.end(), 8, 0x11);                   // TSFT (8-aligned at offset 8)
  b.push_back(with_fcs ? 0x10 : 0x00);          // Flags
  b.insert(b.end(), 7, 0x00);                   // pad to the declared length
  append(b, frame);
  if (with_fcs) b.insert(b.end(), {0xDE, 0xAD, 0xBE, 0xEF});
  return b;
}

Bytes gre(const Bytes& payload, std::uint16_t protocol) {
  Bytes b{0x00, 0x00};
  put16(b, protocol);
  append(b, payload);
  return b;
}

Bytes vxlan(const Bytes& inner_frame, std::uint32_t vni) {
  Bytes b{0x08, 0x00, 0x00, 0x00};
  put32(b, vni << 8U);
  append(b, inner_frame);
  return b;
}

Bytes gtp_u(const Bytes& inner_ip, std::uint32_t teid) {
  Bytes b{0x30, 0xFF};  // version 1, PT=1; message type 255 (G-PDU)
  put16(b, static_cast<std::uint16_t>(inner_ip.size()));
  put32(b, teid);
  append(b, inner_ip);
  return b;
}

void write_pcap(const std::filesystem::path& path, int link_type, const std::vector<PcapRecord>& records, bool nano) {
  std::ofstream out(path, std::ios::binary);
  auto le32 = [&](std::uint32_t v) { out.write(reinterpret_cast<const char*>(&v), 4); };
  auto le16 = [&](std::uint16_t v) { out.write(reinterpret_cast<const char*>(&v), 2); };
  le32(nano ? 0xA1B23C4DU : 0xA1B2C3D4U);
  le16(2);
  le16(4);
  le32(0);
  le32(0);
  le32(262144);
  le32(static_cast<std::uint32_t>(link_type));
  for (const auto& r : records) {
    const auto seconds = static_cast<std::uint32_t>(r.ts_nanos / 1000000000);
    const auto frac = static_cast<std::uint32_t>(r.ts_nanos % 1000000000);
    le32(seconds);
    le32(nano ? frac : frac / 1000U);
    le32(static_cast<std::uint32_t>(r.data.size()));
    le32(r.wire_length != 0 ? r.wire_length : static_cast<std::uint32_t>(r.data.size()));
    out.write(reinterpret_cast<const char*>(r.data.data()), static_cast<std::streamsize>(r.data.size()));
  }
}

}  // namespace pt::test

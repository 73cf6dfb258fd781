// ARP / RARP (RFC 826): only Ethernet hardware addresses with IPv4 protocol addresses are
// read into fields; other combinations still count as ARP.

#include <algorithm>

#include "packet/decode_steps.hpp"

namespace pt::packet::detail {

void decode_arp(util::ByteReader r, Packet& p) {
  p.network = Network::Arp;
  const auto hardware = r.be16();
  const auto protocol = r.be16();
  const auto hardware_len = r.u8();
  const auto protocol_len = r.u8();
  const auto operation = r.be16();
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  p.arp.operation = operation;
  if (hardware != 1 || protocol != 0x0800 || hardware_len != 6 || protocol_len != 4) {
    p.arp.present = true;
    return;
  }
  const auto sender_mac = r.bytes(6);
  const auto sender_ip = r.bytes(4);
  const auto target_mac = r.bytes(6);
  const auto target_ip = r.bytes(4);
  if (r.failed()) return note(p, DecodeStatus::Truncated);
  p.arp.present = true;
  std::copy(sender_mac.begin(), sender_mac.end(), p.arp.sender_mac.begin());
  std::copy(target_mac.begin(), target_mac.end(), p.arp.target_mac.begin());
  p.arp.sender_ip = util::IpAddress::v4(sender_ip.first<4>());
  p.arp.target_ip = util::IpAddress::v4(target_ip.first<4>());
}

}  // namespace pt::packet::detail

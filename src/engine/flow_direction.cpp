#include "engine/flow_direction.hpp"

#include <algorithm>
#include <array>

namespace pt::engine {

bool is_likely_server_port(std::uint16_t port) {
  // Registered ports that are servers far more often than clients.
  static constexpr std::array<std::uint16_t, 30> kServers{1080, 1194, 1433, 1521, 1723, 1883, 2049, 3128, 3306,  3389,
                                                          3478, 4500, 5060, 5061, 5222, 5353, 5432, 5671, 5672,  5900,
                                                          6379, 6443, 8000, 8080, 8443, 8883, 9092, 9200, 27017, 51820};
  return port < 1024 || std::binary_search(kServers.begin(), kServers.end(), port);
}

bool sender_is_initiator(const packet::Packet& p) {
  if (p.is_tcp() && p.transport.complete) {
    const bool syn = (p.transport.flags & packet::tcp_flag::kSyn) != 0;
    const bool ack = (p.transport.flags & packet::tcp_flag::kAck) != 0;
    if (syn) return !ack;
  }
  if (p.icmp.present) {
    const auto t = p.icmp.type;
    return !(p.icmp.v6 ? t == 129 : t == 0);  // an echo reply answers the other side
  }
  if (p.has_ports()) {
    const auto src = p.transport.src_port.value;
    const auto dst = p.transport.dst_port.value;
    if (is_likely_server_port(src) && !is_likely_server_port(dst)) return false;
    if (is_likely_server_port(src) && is_likely_server_port(dst) && src < dst) return false;
  }
  return true;
}

}  // namespace pt::engine

#pragma once
// The identity the selection keeps: the same 5-tuple FlowRow::flow_key() prints ("tcp
// 10.0.0.1:51000 > 93.184.216.34:443"), held as values so 50,000 rows can be tested against the
// selection every frame without building strings.

#include <cstdint>
#include <functional>
#include <string>

#include "engine/flow_row.hpp"
#include "util/ip_address.hpp"
#include "util/strong_types.hpp"

namespace pt::ui {

struct FlowIdentity {
  std::uint8_t protocol = 0;
  util::IpAddress src;
  util::IpAddress dst;
  util::Port src_port;
  util::Port dst_port;

  static FlowIdentity of(const engine::FlowRow& row) {
    return {row.protocol, row.src, row.dst, row.src_port, row.dst_port};
  }
  friend bool operator==(const FlowIdentity&, const FlowIdentity&) = default;
};

// The endpoint worth tracing and locating: the destination unless it is local and the source
// is not (an inbound connection to this host).
util::IpAddress remote_address(const engine::FlowRow& row);
util::IpAddress remote_address(const FlowIdentity& flow);

// True when neither endpoint is a public address (LAN, loopback, multicast...).
bool is_local_flow(const engine::FlowRow& row);

}  // namespace pt::ui

template <>
struct std::hash<pt::ui::FlowIdentity> {
  std::size_t operator()(const pt::ui::FlowIdentity& f) const noexcept {
    std::size_t h = f.src.hash();
    h = h * 1000003U ^ f.dst.hash();
    h = h * 1000003U ^ (static_cast<std::size_t>(f.src_port.value) << 16U | f.dst_port.value);
    return h * 1000003U ^ f.protocol;
  }
};

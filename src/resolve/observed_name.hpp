#pragma once
// A name the traffic itself tied to an address. resolve declares its own plain struct (it may not
// include engine headers); the app converts the engine's ObservedName into this.

#include <cstdint>
#include <string>
#include <string_view>

#include "util/ip_address.hpp"
#include "util/time.hpp"

namespace pt::resolve {

enum class NameSource : std::uint8_t { DnsAnswer, TlsSni, HttpHost };
std::string_view to_string(NameSource source);

struct ObservedName {
  util::IpAddress address;
  std::string_view name;  // raw bytes from the network; sanitized on the way in
  NameSource source = NameSource::DnsAnswer;
  util::Timestamp time{};
  std::uint32_t ttl_seconds = 0;  // DNS answers only
};

}  // namespace pt::resolve

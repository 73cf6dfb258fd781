#pragma once
// The server name a TLS ClientHello asks for (RFC 8446 §4.1.2, RFC 6066 §3), read from the first
// record of a TCP payload. TLS 1.0 to 1.3 share the ClientHello layout up to the extensions.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace pt::packet {

// The host_name entry of the server_name extension, as a view into the payload; nullopt when
// the payload is not a (complete enough) ClientHello or carries no host name.
std::optional<std::string_view> extract_tls_sni(std::span<const std::uint8_t> payload);

}  // namespace pt::packet

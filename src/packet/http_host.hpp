#pragma once
// The Host header of an HTTP/1.x request (RFC 9112 §3.2) at the start of a TCP payload.

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace pt::packet {

// The Host header's value (trimmed, port kept) as a view into the payload; nullopt when the
// payload does not start with an HTTP request line or the captured headers have no Host.
std::optional<std::string_view> extract_http_host(std::span<const std::uint8_t> payload);

}  // namespace pt::packet

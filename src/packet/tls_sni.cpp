#include "packet/tls_sni.hpp"

#include <algorithm>

#include "util/byte_reader.hpp"

namespace pt::packet {
namespace {

constexpr std::uint8_t kHandshakeRecord = 0x16;
constexpr std::uint8_t kClientHello = 0x01;
constexpr std::uint16_t kServerNameExtension = 0x0000;
constexpr std::uint8_t kHostNameType = 0x00;

std::optional<std::string_view> read_server_name_list(util::ByteReader ext) {
  const auto list_length = ext.be16();
  auto list = ext.sub(list_length);
  while (!list.failed() && list.remaining() >= 3) {
    const auto type = list.u8();
    const auto length = list.be16();
    const auto name = list.bytes(length);
    if (list.failed()) return std::nullopt;
    if (type == kHostNameType && !name.empty()) {
      return std::string_view{reinterpret_cast<const char*>(name.data()), name.size()};
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string_view> extract_tls_sni(std::span<const std::uint8_t> payload) {
  util::ByteReader r{payload};
  const auto content_type = r.u8();
  const auto major = r.u8();
  r.skip(1);  // minor version
  r.skip(2);  // record length: the hello may span records/segments; read what we have
  if (r.failed() || content_type != kHandshakeRecord || major != 3) return std::nullopt;
  const auto handshake_type = r.u8();
  r.skip(3);  // handshake length
  if (r.failed() || handshake_type != kClientHello) return std::nullopt;
  r.skip(2 + 32);    // client_version, random
  r.skip(r.u8());    // session id
  r.skip(r.be16());  // cipher suites
  r.skip(r.u8());    // compression methods
  const auto extensions_length = r.be16();
  if (r.failed()) return std::nullopt;
  auto extensions = r.sub(std::min<std::size_t>(extensions_length, r.remaining()));
  while (!extensions.failed() && extensions.remaining() >= 4) {
    const auto type = extensions.be16();
    const auto length = extensions.be16();
    auto body = extensions.sub(length);
    if (extensions.failed()) return std::nullopt;
    if (type == kServerNameExtension) return read_server_name_list(body);
  }
  return std::nullopt;
}

}  // namespace pt::packet

// libFuzzer target for the TLS ClientHello SNI extractor: a name it returns must lie inside
// the input.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "packet/tls_sni.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto name = pt::packet::extract_tls_sni(std::span<const std::uint8_t>(data, size));
  if (name) {
    const auto* begin = reinterpret_cast<const std::uint8_t*>(name->data());
    if (name->empty() || begin < data || begin + name->size() > data + size) std::abort();
  }
  return 0;
}

// libFuzzer target for the HTTP/1.x Host extractor: a host it returns must be non-empty,
// trimmed, and inside the input.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "packet/http_host.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const auto host = pt::packet::extract_http_host(std::span<const std::uint8_t>(data, size));
  if (host) {
    const auto* begin = reinterpret_cast<const std::uint8_t*>(host->data());
    if (host->empty() || begin < data || begin + host->size() > data + size) std::abort();
    if (host->front() == ' ' || host->back() == ' ' || host->back() == '\r') std::abort();
  }
  return 0;
}

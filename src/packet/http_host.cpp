#include "packet/http_host.hpp"

#include <array>
#include <cctype>

namespace pt::packet {
namespace {

constexpr std::array<std::string_view, 9> kMethods{"GET ",     "POST ",  "HEAD ",    "PUT ",  "DELETE ",
                                                   "OPTIONS ", "PATCH ", "CONNECT ", "TRACE "};

bool starts_with_method(std::string_view text) {
  for (auto m : kMethods) {
    if (text.starts_with(m)) return true;
  }
  return false;
}

bool iequals_prefix(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(text[i])) != prefix[i]) return false;
  }
  return true;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

}  // namespace

std::optional<std::string_view> extract_http_host(std::span<const std::uint8_t> payload) {
  const std::string_view text{reinterpret_cast<const char*>(payload.data()), payload.size()};
  if (!starts_with_method(text)) return std::nullopt;
  auto line_end = text.find('\n');
  while (line_end != std::string_view::npos) {
    const auto start = line_end + 1;
    auto next = text.find('\n', start);
    const auto line = text.substr(start, next == std::string_view::npos ? text.size() - start : next - start);
    if (trim(line).empty()) return std::nullopt;  // end of headers
    if (iequals_prefix(line, "host:")) {
      // Only a complete line counts: a host cut by the capture would be a wrong name.
      if (next == std::string_view::npos) return std::nullopt;
      const auto value = trim(line.substr(5));
      if (value.empty()) return std::nullopt;
      return value;
    }
    line_end = next;
  }
  return std::nullopt;
}

}  // namespace pt::packet

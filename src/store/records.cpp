#include "store/records.hpp"

#include <charconv>

namespace pt::store {

std::string route_signature(const std::vector<util::IpAddress>& hops) {
  std::string signature;
  for (std::size_t i = 0; i < hops.size(); ++i) {
    if (i > 0) signature += '>';
    signature += hops[i].empty() ? std::string("*") : hops[i].to_string();
  }
  return signature;
}

std::vector<util::IpAddress> parse_route_signature(std::string_view signature) {
  std::vector<util::IpAddress> hops;
  if (signature.empty()) return hops;
  std::size_t start = 0;
  while (true) {
    const std::size_t end = signature.find('>', start);
    const std::string_view part = signature.substr(start, end == std::string_view::npos ? end : end - start);
    hops.push_back(part == "*" ? util::IpAddress{} : util::IpAddress::parse(part).value_or(util::IpAddress{}));
    if (end == std::string_view::npos) break;
    start = end + 1;
  }
  return hops;
}

std::string format_mac(const MacAddress& mac) {
  bool any = false;
  for (const std::uint8_t byte : mac) any = any || byte != 0;
  if (!any) return {};
  static constexpr std::string_view kHex = "0123456789abcdef";
  std::string text;
  text.reserve(17);
  for (std::size_t i = 0; i < mac.size(); ++i) {
    if (i > 0) text += ':';
    text += kHex[mac[i] >> 4U];
    text += kHex[mac[i] & 0x0FU];
  }
  return text;
}

std::optional<MacAddress> parse_mac(std::string_view text) {
  if (text.size() != 17) return std::nullopt;
  MacAddress mac{};
  for (std::size_t i = 0; i < mac.size(); ++i) {
    const std::size_t at = i * 3;
    if (i > 0 && text[at - 1] != ':') return std::nullopt;
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(text.data() + at, text.data() + at + 2, value, 16);
    if (ec != std::errc{} || end != text.data() + at + 2) return std::nullopt;
    mac[i] = static_cast<std::uint8_t>(value);
  }
  return mac;
}

std::string_view to_string(SourceKind kind) { return kind == SourceKind::File ? "file" : "interface"; }

std::string_view to_string(DnsStatus status) {
  switch (status) {
    case DnsStatus::Resolved: return "resolved";
    case DnsStatus::NoName: return "no-name";
    case DnsStatus::Failed: return "failed";
  }
  return "failed";
}

std::optional<SourceKind> parse_source_kind(std::string_view text) {
  if (text == "interface") return SourceKind::Interface;
  if (text == "file") return SourceKind::File;
  return std::nullopt;
}

std::optional<DnsStatus> parse_dns_status(std::string_view text) {
  if (text == "resolved") return DnsStatus::Resolved;
  if (text == "no-name") return DnsStatus::NoName;
  if (text == "failed") return DnsStatus::Failed;
  return std::nullopt;
}

}  // namespace pt::store

#include "engine/flow_row.hpp"

#include <array>
#include <string>

namespace pt::engine {

std::string_view to_string(ConnState state) {
  switch (state) {
    case ConnState::None: return "";
    case ConnState::S0: return "S0";
    case ConnState::S1: return "S1";
    case ConnState::SF: return "SF";
    case ConnState::REJ: return "REJ";
    case ConnState::S2: return "S2";
    case ConnState::S3: return "S3";
    case ConnState::RSTO: return "RSTO";
    case ConnState::RSTR: return "RSTR";
    case ConnState::RSTOS0: return "RSTOS0";
    case ConnState::RSTRH: return "RSTRH";
    case ConnState::SH: return "SH";
    case ConnState::SHR: return "SHR";
    case ConnState::OTH: return "OTH";
  }
  return "";
}

std::string_view to_string(DetectionMethod method) {
  switch (method) {
    case DetectionMethod::Pending: return "pending";
    case DetectionMethod::Dpi: return "dpi";
    case DetectionMethod::Guess: return "guess";
    case DetectionMethod::Port: return "port";
    case DetectionMethod::Unknown: return "unknown";
  }
  return "unknown";
}

std::size_t size_bucket(std::uint32_t wire_length) {
  static constexpr std::array<std::uint32_t, kSizeBuckets - 1> kUpper{20, 40, 80, 160, 320, 640, 1280, 2560, 5120};
  for (std::size_t i = 0; i < kUpper.size(); ++i) {
    if (wire_length < kUpper[i]) return i;
  }
  return kSizeBuckets - 1;
}

std::string_view size_bucket_label(std::size_t bucket) {
  static constexpr std::array<std::string_view, kSizeBuckets> kLabels{
      "0-19", "20-39", "40-79", "80-159", "160-319", "320-639", "640-1279", "1280-2559", "2560-5119", "5120+"};
  return bucket < kLabels.size() ? kLabels[bucket] : "?";
}

std::string_view protocol_name(std::uint8_t ip_protocol) {
  static const auto names_by_number = [] {
    std::array<std::string, 256> names;
    for (std::size_t i = 0; i < names.size(); ++i) names[i] = "ip-" + std::to_string(i);
    names[1] = "icmp";
    names[2] = "igmp";
    names[6] = "tcp";
    names[17] = "udp";
    names[47] = "gre";
    names[50] = "esp";
    names[51] = "ah";
    names[58] = "icmpv6";
    names[89] = "ospf";
    names[112] = "vrrp";
    names[132] = "sctp";
    return names;
  }();
  return names_by_number[ip_protocol];
}

std::string_view FlowRow::format_flow_key(std::span<char, kFlowKeyMax> out) const {
  std::size_t n = 0;
  auto put = [&](std::string_view text) {
    for (const char c : text) out[n++] = c;
  };
  put(protocol_name(protocol));
  put(" ");
  const bool v6 = src.is_v6();
  auto endpoint = [&](const util::IpAddress& a, util::Port p) {
    if (v6) put("[");
    std::array<char, 64> address{};
    put({address.data(), a.format(address)});
    if (v6) put("]");
    put(":");
    std::array<char, 8> digits{};
    std::size_t d = digits.size();
    unsigned v = p.value;
    do {
      digits[--d] = static_cast<char>('0' + v % 10);
      v /= 10;
    } while (v != 0);
    put({digits.data() + d, digits.size() - d});
  };
  endpoint(src, src_port);
  put(" > ");
  endpoint(dst, dst_port);
  return {out.data(), n};
}

std::string FlowRow::flow_key() const {
  std::array<char, kFlowKeyMax> buffer{};
  return std::string(format_flow_key(buffer));
}

}  // namespace pt::engine

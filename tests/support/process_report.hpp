#pragma once
// Reading what `packettracer --report json` printed (docs/report-schema.md) in system tests.
// Header-only: only the suites that link nlohmann_json (through pt_report) include it.

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace pt::test {

// The report object, or nullopt when stdout is not exactly one JSON object.
inline std::optional<nlohmann::json> parse_report(const std::string& out) {
  auto j = nlohmann::json::parse(out, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded() || !j.is_object()) return std::nullopt;
  return j;
}

// flows[] entries matching proto and, when given, the responder port.
inline std::vector<nlohmann::json> flows_of(const nlohmann::json& report, const std::string& proto,
                                            std::optional<int> dport = std::nullopt) {
  std::vector<nlohmann::json> out;
  for (const auto& f : report.value("flows", nlohmann::json::array())) {
    if (f.value("proto", "") != proto) continue;
    if (dport && f.value("dport", -1) != *dport) continue;
    out.push_back(f);
  }
  return out;
}

// The scans[] row of a source address, if any.
inline std::optional<nlohmann::json> scan_of(const nlohmann::json& report, const std::string& source) {
  for (const auto& s : report.value("scans", nlohmann::json::array())) {
    if (s.value("source", "") == source) return s;
  }
  return std::nullopt;
}

inline std::uint64_t count_of(const nlohmann::json& object, const std::string& key) {
  return object.contains(key) && object[key].is_number_unsigned() ? object[key].get<std::uint64_t>() : 0;
}

}  // namespace pt::test

#pragma once
// What is known about where an address is and who announces it (GeoLite2-City + GeoLite2-ASN,
// the flat @ip-location-db schema, or the optional ip-api provider). Empty strings mean unknown.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace pt::resolve {

enum class GeoSource : std::uint8_t { None, Mmdb, IpApi, Persistent };

struct GeoInfo {
  std::string country_code;  // ISO 3166-1 alpha-2 ("US")
  std::string country;       // English name ("United States"); empty in the flat schema
  std::string region;        // first subdivision / state1
  std::string city;
  std::optional<double> latitude;
  std::optional<double> longitude;
  std::uint32_t asn = 0;  // 0 = unknown
  std::string as_org;     // AS organization ("Google LLC")
  std::string isp;        // ip-api's isp; empty from the offline databases
  GeoSource source = GeoSource::None;

  [[nodiscard]] bool empty() const { return country_code.empty() && city.empty() && asn == 0 && isp.empty(); }
  // "Minneapolis, US", "US", "" for the Location column.
  [[nodiscard]] std::string location_label() const;
};

std::string_view to_string(GeoSource source);

}  // namespace pt::resolve

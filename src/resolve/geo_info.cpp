#include "resolve/geo_info.hpp"

namespace pt::resolve {

std::string GeoInfo::location_label() const {
  const std::string& where = country_code.empty() ? country : country_code;
  if (city.empty()) return where;
  if (where.empty()) return city;
  return city + ", " + where;
}

std::string_view to_string(GeoSource source) {
  switch (source) {
    case GeoSource::None: return "none";
    case GeoSource::Mmdb: return "mmdb";
    case GeoSource::IpApi: return "ip-api";
    case GeoSource::Persistent: return "persistent";
  }
  return "none";
}

}  // namespace pt::resolve

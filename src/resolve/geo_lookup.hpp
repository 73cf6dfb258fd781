#pragma once
// Offline geo and ASN lookups over MaxMind DB files: GeoLite2-City/GeoIP2-City (MaxMind schema,
// IPv4+IPv6 in one file), GeoLite2-ASN, and the flat single-family schema of @ip-location-db
// (separate -ipv4/-ipv6 files with city/country_code/latitude/longitude/state1), dispatched by
// address family. Synchronous and thread-safe; the Resolver calls it off the caller's thread.

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "resolve/geo_info.hpp"
#include "resolve/mmdb_file.hpp"
#include "util/ip_address.hpp"

namespace pt::resolve {

struct GeoDatabasePaths {
  std::vector<std::filesystem::path> city;  // tried in order; a flat v4 file and its v6 sibling both go here
  std::vector<std::filesystem::path> asn;
};

// Where to look: explicit files (--geoip-db, --asn-db) first, else the project's data/ folder
// (scripts/install-data.sh), else the usual system folders.
struct GeoSearch {
  std::optional<std::filesystem::path> city_db;
  std::optional<std::filesystem::path> asn_db;
  std::filesystem::path data_dir = "data";
  std::vector<std::filesystem::path> system_dirs = {"/usr/share/GeoIP", "/var/lib/GeoIP"};
};

// Existing files only. An explicit flat "...ipv4..." file brings its "...ipv6..." sibling along
// (and the other way round) so one flag covers both families.
GeoDatabasePaths locate_geo_databases(const GeoSearch& search);

class GeoLookup {
 public:
  explicit GeoLookup(const GeoDatabasePaths& paths);

  // Country/region/city/location from the city files, ASN and AS organization from the ASN
  // files; an empty GeoInfo when nothing matches. Never called for non-public addresses by the
  // Resolver, but harmless if it is.
  [[nodiscard]] GeoInfo lookup(const util::IpAddress& address) const;

  [[nodiscard]] bool has_city() const { return !city_.empty(); }
  [[nodiscard]] bool has_asn() const { return !asn_.empty(); }
  // One line for the app when a database is missing or unreadable; empty when all is well.
  [[nodiscard]] const std::string& notice() const { return notice_; }
  [[nodiscard]] std::vector<std::filesystem::path> open_files() const;

 private:
  std::vector<std::unique_ptr<MmdbFile>> city_;
  std::vector<std::unique_ptr<MmdbFile>> asn_;
  std::string notice_;
};

}  // namespace pt::resolve

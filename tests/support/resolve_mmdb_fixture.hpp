#pragma once
// Tiny MaxMind DB files for resolver tests, written by libmaxmind-db-writer-perl (Debian
// package, listed in scripts/install-deps.sh). Each writer returns an empty string on success,
// else the reason (so a test can fail or skip with it). Contents are fixed and listed here:
//
//   city (MaxMind schema, v4+v6): 8.8.8.0/24 US "United States" 37.751,-97.822 (no city);
//       128.101.101.0/24 US Minnesota Minneapolis; 1.1.1.0/24 registered_country AU only;
//       2001:4860::/32 US "United States"
//   asn: 8.8.8.0/24 and 2001:4860::/32 AS15169 "Google LLC"; 1.1.1.0/24 AS13335 "Cloudflare, Inc."
//   flat v4 (@ip-location-db schema, IPv4-only): 81.2.69.0/24 GB England London 51.5142,-0.0931;
//       8.8.8.0/24 US "" "" 37.751,-97.822
//   flat v6 (IPv6-only): 2a02:8010::/32 GB England Manchester 53.48,-2.24

#include <filesystem>
#include <string>

namespace pt::test {

std::string write_city_mmdb(const std::filesystem::path& out);
std::string write_asn_mmdb(const std::filesystem::path& out);
std::string write_flat_city_mmdb(const std::filesystem::path& out_v4, const std::filesystem::path& out_v6);

// A fresh folder under the system temp dir, removed by the destructor.
class TempDir {
 public:
  explicit TempDir(const std::string& prefix);
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

}  // namespace pt::test

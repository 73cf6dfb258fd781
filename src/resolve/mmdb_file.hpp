#pragma once
// One open MaxMind DB file (libmaxminddb, memory-mapped). Lookups are read-only and thread-safe,
// so resolver threads and benchmarks may share one file. Values are read by key path
// ({"country", "iso_code"}) from the record a lookup found.

#include <cstdint>
#include <filesystem>
#include <initializer_list>
#include <memory>
#include <optional>
#include <string>

#include "util/ip_address.hpp"

struct MMDB_s;

namespace pt::resolve {

class MmdbFile;

// A found record: a position inside its file, valid while the MmdbFile lives.
class MmdbRecord {
 public:
  using Path = std::initializer_list<const char*>;
  [[nodiscard]] std::optional<std::string> string_at(Path path) const;
  [[nodiscard]] std::optional<double> number_at(Path path) const;  // double, float or unsigned ints
  [[nodiscard]] bool has(Path path) const;

 private:
  friend class MmdbFile;
  MmdbRecord(const MMDB_s* db, std::uint32_t offset) : db_(db), offset_(offset) {}
  const MMDB_s* db_;
  std::uint32_t offset_;
};

class MmdbFile {
 public:
  // nullptr and a one-line reason in error when the file is missing or not a MaxMind DB.
  static std::unique_ptr<MmdbFile> open(const std::filesystem::path& path, std::string& error);
  ~MmdbFile();
  MmdbFile(const MmdbFile&) = delete;
  MmdbFile& operator=(const MmdbFile&) = delete;

  [[nodiscard]] std::optional<MmdbRecord> lookup(const util::IpAddress& address) const;
  // An IPv4-only file (the flat @ip-location-db -ipv4 files) cannot answer IPv6 lookups.
  [[nodiscard]] bool covers(util::IpFamily family) const;
  [[nodiscard]] std::string database_type() const;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }

 private:
  MmdbFile() = default;
  std::unique_ptr<MMDB_s> db_;
  std::filesystem::path path_;
};

}  // namespace pt::resolve

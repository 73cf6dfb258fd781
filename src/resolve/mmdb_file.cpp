#include "resolve/mmdb_file.hpp"

#include <arpa/inet.h>
#include <maxminddb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <algorithm>
#include <array>
#include <cstring>

namespace pt::resolve {
namespace {

constexpr std::size_t kMaxPathDepth = 7;

bool value_at(const MMDB_s* db, std::uint32_t offset, MmdbRecord::Path path, MMDB_entry_data_s& out) {
  if (path.size() > kMaxPathDepth) return false;
  std::array<const char*, kMaxPathDepth + 1> keys{};  // no allocation per value read
  std::copy(path.begin(), path.end(), keys.begin());
  MMDB_entry_s entry{db, offset};
  return MMDB_aget_value(&entry, &out, keys.data()) == MMDB_SUCCESS && out.has_data;
}

}  // namespace

std::optional<std::string> MmdbRecord::string_at(Path path) const {
  MMDB_entry_data_s data{};
  if (!value_at(db_, offset_, path, data) || data.type != MMDB_DATA_TYPE_UTF8_STRING) return std::nullopt;
  return std::string(data.utf8_string, data.data_size);
}

std::optional<double> MmdbRecord::number_at(Path path) const {
  MMDB_entry_data_s data{};
  if (!value_at(db_, offset_, path, data)) return std::nullopt;
  switch (data.type) {
    case MMDB_DATA_TYPE_DOUBLE: return data.double_value;
    case MMDB_DATA_TYPE_FLOAT: return static_cast<double>(data.float_value);
    case MMDB_DATA_TYPE_UINT16: return static_cast<double>(data.uint16);
    case MMDB_DATA_TYPE_UINT32: return static_cast<double>(data.uint32);
    case MMDB_DATA_TYPE_INT32: return static_cast<double>(data.int32);
    case MMDB_DATA_TYPE_UINT64: return static_cast<double>(data.uint64);
    default: return std::nullopt;
  }
}

bool MmdbRecord::has(Path path) const {
  MMDB_entry_data_s data{};
  return value_at(db_, offset_, path, data);
}

std::unique_ptr<MmdbFile> MmdbFile::open(const std::filesystem::path& path, std::string& error) {
  std::unique_ptr<MmdbFile> file(new MmdbFile());
  file->db_ = std::make_unique<MMDB_s>();
  file->path_ = path;
  const int status = MMDB_open(path.c_str(), MMDB_MODE_MMAP, file->db_.get());
  if (status != MMDB_SUCCESS) {
    error = path.string() + ": " + MMDB_strerror(status);
    file->db_.reset();  // MMDB_open cleans up after itself on failure
    return nullptr;
  }
  return file;
}

MmdbFile::~MmdbFile() {
  if (db_) MMDB_close(db_.get());
}

std::optional<MmdbRecord> MmdbFile::lookup(const util::IpAddress& address) const {
  if (!covers(address.family())) return std::nullopt;
  sockaddr_storage storage{};
  const auto bytes = address.bytes();
  if (address.is_v4()) {
    sockaddr_in sin{};
    sin.sin_family = AF_INET;
    std::memcpy(&sin.sin_addr, bytes.data(), 4);
    std::memcpy(&storage, &sin, sizeof sin);
  } else {
    sockaddr_in6 sin6{};
    sin6.sin6_family = AF_INET6;
    std::memcpy(&sin6.sin6_addr, bytes.data(), 16);
    std::memcpy(&storage, &sin6, sizeof sin6);
  }
  int mmdb_error = MMDB_SUCCESS;
  const MMDB_lookup_result_s result =
      MMDB_lookup_sockaddr(db_.get(), reinterpret_cast<const sockaddr*>(&storage), &mmdb_error);
  if (mmdb_error != MMDB_SUCCESS || !result.found_entry) return std::nullopt;
  return MmdbRecord(result.entry.mmdb, result.entry.offset);
}

bool MmdbFile::covers(util::IpFamily family) const {
  if (family == util::IpFamily::V6) return db_->metadata.ip_version == 6;
  return family == util::IpFamily::V4;
}

std::string MmdbFile::database_type() const {
  const char* type = db_->metadata.database_type;
  return type == nullptr ? std::string() : std::string(type);
}

}  // namespace pt::resolve

#pragma once
// Helpers shared by the store's tests (included only from *_test.cpp files): a temporary
// directory removed at the end, and records with plausible content.

#include <stdlib.h>

#include <filesystem>
#include <string>

#include "store/records.hpp"

namespace pt::store::testing {

class TempDir {
 public:
  TempDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "pt-store-XXXXXX").string();
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  ~TempDir() {
    std::error_code ec;
    if (!path_.empty()) std::filesystem::remove_all(path_, ec);
  }
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

inline util::Timestamp at_seconds(double seconds) { return util::from_unix_seconds(seconds); }

inline util::IpAddress ip(std::string_view text) { return util::IpAddress::parse(text).value_or(util::IpAddress{}); }

inline SessionRecord live_session(double started = 1'700'000'000.0) {
  SessionRecord session;
  session.started_at = at_seconds(started);
  session.updated_at = session.started_at;
  session.source_kind = SourceKind::Interface;
  session.source = "eth0";
  session.filter = "tcp or udp";
  session.app_version = "test";
  return session;
}

inline FlowRecord flow(SessionId session, std::uint64_t id, std::uint64_t bytes = 1000) {
  FlowRecord f;
  f.session = session;
  f.flow_id = id;
  f.protocol = 6;
  f.src = util::IpAddress::v4(0x0A000000U + static_cast<std::uint32_t>(id % 250 + 1));
  f.dst = util::IpAddress::v4(0x5DB8D822U);  // 93.184.216.34
  f.src_port = util::Port{static_cast<std::uint16_t>(40000 + id % 20000)};
  f.dst_port = util::Port{443};
  f.flow_key = "tcp " + f.src.to_string() + ":" + std::to_string(f.src_port.value) + " > 93.184.216.34:443";
  f.packets_sent = bytes / 100;
  f.packets_recv = bytes / 200;
  f.bytes_sent = bytes;
  f.bytes_recv = bytes / 2;
  f.first_seen = at_seconds(1'700'000'000.0);
  f.last_seen = at_seconds(1'700'000'010.0);
  f.state = "S1";
  f.history = "ShAD";
  f.app = "TLS";
  f.category = "Web";
  f.encrypted = true;
  f.server_name = "example.com";
  f.service = "https";
  return f;
}

}  // namespace pt::store::testing

#pragma once
// Service names by transport port ("https" for 443/tcp), as the spec's port-based service
// detection needs them: first /etc/services (services(5)), then a built-in table of common IANA
// assignments so a minimal system without netbase still names the usual ports. Built once, then
// read-only: lookups are a binary search over a sorted vector and never allocate.

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "util/strong_types.hpp"

namespace pt::engine {

class ServiceNames {
 public:
  // The built-in table only.
  ServiceNames();
  // services(5) file entries first, then the built-in table for ports the file does not name.
  // A missing or unreadable file is not an error: the built-in table still answers.
  explicit ServiceNames(const std::filesystem::path& services_file);

  // The name of port/protocol (IP protocol number: 6 tcp, 17 udp, 132 sctp), or "" if unknown.
  [[nodiscard]] std::string_view lookup(util::Port port, std::uint8_t ip_protocol) const;

  // The service of a flow between two ports: a well-known port (< 1024) wins, then the
  // responder's port, then the initiator's (a capture that starts mid-flow may have the
  // initiator backwards). "" when neither port is named.
  [[nodiscard]] std::string_view for_flow(util::Port initiator_port, util::Port responder_port,
                                          std::uint8_t ip_protocol) const;

  [[nodiscard]] std::size_t size() const { return entries_.size(); }
  [[nodiscard]] std::size_t loaded_from_file() const { return from_file_; }

 private:
  struct Entry {
    std::uint32_t key = 0;  // protocol << 16 | port
    std::string name;
  };
  void add_builtin();
  void add(std::uint16_t port, std::uint8_t ip_protocol, std::string_view name);
  void finish();

  std::vector<Entry> entries_;
  std::size_t from_file_ = 0;
};

}  // namespace pt::engine

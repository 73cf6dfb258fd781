#pragma once
// Devices seen on the link (endpoint / router / switch, classified by the engine from observed
// behaviour) and network ownership of addresses (ASN, AS name, organization from the ASN
// database or WHOIS).

#include <optional>
#include <vector>

#include "store/connection.hpp"
#include "store/records.hpp"

namespace pt::store::repositories {

class DeviceRepository {
 public:
  explicit DeviceRepository(Connection& connection) : connection_(connection) {}

  // One row per MAC across sessions: counters and kind take the newest, first_seen the oldest.
  void upsert(const DeviceRecord& device);
  void put(const NodeOwnership& ownership);

  // Most recently seen first; limit 0 = all.
  [[nodiscard]] std::vector<DeviceRecord> list(std::size_t limit = 0);
  [[nodiscard]] std::optional<NodeOwnership> ownership(const util::IpAddress& ip);

 private:
  Connection& connection_;
  Statement upsert_;
  Statement put_ownership_;
};

}  // namespace pt::store::repositories

#pragma once
// Per-port statistics and scan activity of a session (the Ports view and its scan panel).

#include <cstdint>
#include <vector>

#include "store/connection.hpp"
#include "store/records.hpp"

namespace pt::store::repositories {

enum class PortSort : std::uint8_t { Bytes, Packets, Connections, Rate };

class PortRepository {
 public:
  explicit PortRepository(Connection& connection) : connection_(connection) {}

  void upsert(const PortRecord& port);
  void upsert(const ScanRecord& scan);

  // limit 0 = all.
  [[nodiscard]] std::vector<PortRecord> list(SessionId session, PortSort sort = PortSort::Bytes, std::size_t limit = 0);
  // Likely scanners (verdict "likely_scanner") first, then suspicious sources, each by distinct ports probed.
  [[nodiscard]] std::vector<ScanRecord> scans(SessionId session);

 private:
  Connection& connection_;
  Statement upsert_port_;
  Statement upsert_scan_;
};

}  // namespace pt::store::repositories

#pragma once
// Flows and their classifications: UPSERTs from the writer (counters replace, names and geo
// only fill in), geo/DNS annotations applied after the fact, and the dashboard's and report's
// queries (a session's flows filtered by address substring, port and protocol, sorted).

#include <cstdint>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/connection.hpp"
#include "store/records.hpp"

namespace pt::store::repositories {

enum class FlowSort : std::uint8_t { Bytes, Packets, Time };  // Time = most recent activity first

struct FlowQuery {
  std::string ip_contains;               // substring of the source or destination address
  std::optional<util::Port> port;        // source or destination port
  std::optional<std::uint8_t> protocol;  // IP protocol number
  FlowSort sort = FlowSort::Bytes;
  std::size_t limit = 0;  // 0 = all
};

class FlowRepository {
 public:
  explicit FlowRepository(Connection& connection) : connection_(connection) {}

  void upsert(const FlowRecord& flow);
  void upsert(const ClassificationRecord& classification);
  void annotate(const AddressAnnotation& annotation);
  // After a rolled-back transaction: what this repository remembers having written is no
  // longer true, so the next write of each flow takes the full UPSERT.
  void forget_written() { written_.clear(); }

  [[nodiscard]] std::vector<FlowRecord> list(SessionId session, const FlowQuery& query = {});
  [[nodiscard]] std::optional<FlowRecord> get(SessionId session, std::uint64_t flow_id);
  [[nodiscard]] std::uint64_t count(SessionId session);
  [[nodiscard]] std::vector<ClassificationRecord> classifications(SessionId session);

 private:
  struct Slot {
    std::int64_t session = 0;
    std::uint64_t flow_id = 0;
    friend bool operator==(const Slot&, const Slot&) = default;
  };
  struct SlotHash {
    std::size_t operator()(const Slot& slot) const noexcept;
  };
  struct Written {
    std::int64_t rowid = 0;
    std::uint64_t signature = 0;  // sometimes_signature() of what was written
  };
  bool update_changed(std::int64_t rowid, const FlowRecord& flow, bool sometimes_too);
  std::int64_t upsert_full(const FlowRecord& flow);

  Connection& connection_;
  // The writer updates every active flow about once a second: for a flow it wrote before, a
  // short UPDATE by rowid of what changes costs a fraction of the full UPSERT, and when the
  // classification, TTLs and end are as last written, only the counters are set. The WHERE
  // clause re-checks the identity, so a stale entry (a rolled-back insert) falls back to the UPSERT.
  std::unordered_map<Slot, Written, SlotHash> written_;
  Statement update_often_;
  Statement update_sometimes_;
  Statement upsert_flow_;
  Statement upsert_classification_;
  Statement annotate_src_;
  Statement annotate_dst_;
};

}  // namespace pt::store::repositories

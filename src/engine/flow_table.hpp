#pragma once
// The table of live flows: a bounded open-addressing index over a slab of entries, ordered by
// an intrusive LRU list. Nothing is allocated per packet: the slab is reserved up front (pages
// are touched only as flows appear) and a full table evicts its least recently seen flow.

#include <chrono>
#include <cstdint>
#include <utility>
#include <vector>

#include "engine/flow_key.hpp"
#include "engine/flow_row.hpp"
#include "engine/outbox.hpp"
#include "engine/tcp_state.hpp"
#include "packet/packet.hpp"
#include "util/time.hpp"

namespace pt::engine {

struct ClassifierFlowState;

struct FlowTableConfig {
  std::size_t capacity = 50'000;                            // MAX_FLOWS
  util::Duration idle_timeout = std::chrono::seconds(300);  // FLOW_TIMEOUT
  std::size_t fragment_slots = 4096;                        // first fragments remembered for attribution
};

// The key is not stored: it is rebuilt from the row's endpoints (plus the echo identifier for
// ICMP echo flows), which keeps an entry within the 400-byte budget per tracked flow.
struct FlowEntry {
  FlowRow row;
  ClassifierFlowState* classifier = nullptr;
  std::uint32_t hash = 0;     // of the flow key, for the index
  std::uint16_t echo_id = 0;  // ICMP echo identifier (part of the key)
  bool echo_key = false;      // ICMP echo: both directions key on (request type, identifier)
  TcpSides tcp;
  std::uint32_t lru_prev = 0;
  std::uint32_t lru_next = 0;
  std::uint32_t generation = 0;  // bumped whenever the slot is reused
  bool initiator_is_low = true;
  bool in_use = false;
  bool dirty = false;           // changed since the outbox last saw it
  bool names_observed = false;  // SNI / Host already extracted
};

// The engine finishes a flow (classification give-up, final row to the outbox) before its slot
// is reused.
class FlowEndHandler {
 public:
  virtual ~FlowEndHandler() = default;
  virtual void on_flow_end(FlowEntry& entry, FlowEnd why) = 0;
};

struct FlowUpdate {
  FlowEntry* entry = nullptr;  // null: the packet belongs to no flow
  bool from_initiator = true;
  bool created = false;
};

class FlowTable {
 public:
  FlowTable(const FlowTableConfig& config, FlowEndHandler& on_end);

  // Finds or creates the packet's flow and applies the packet to it.
  FlowUpdate update(const packet::Packet& p);
  // Ends flows idle for longer than the timeout at packet time `now`.
  void expire(util::Timestamp now);
  // Ends every flow (capture over).
  void end_all(FlowEnd why);

  static FlowKey key_of(const FlowEntry& entry);
  // Queues an entry for the next drain_dirty() (a change made outside update()).
  void mark_dirty(FlowEntry& entry);
  // Brings derived fields (conn state, closed) up to date; cheap, called before rows leave.
  static void finalize_row(FlowEntry& entry);

  // Visits each flow changed since the last call (still in the table), once, and forgets them.
  template <typename Visit>
  void drain_dirty(Visit&& visit) {
    for (const auto& [index, generation] : dirty_) {
      auto& e = entries_[index];
      if (!e.in_use || e.generation != generation || !e.dirty) continue;
      e.dirty = false;
      visit(e);
    }
    dirty_.clear();
  }

  template <typename Visit>
  void for_each(Visit&& visit) {
    for (auto& e : entries_) {
      if (e.in_use) visit(e);
    }
  }
  [[nodiscard]] std::size_t size() const { return active_; }
  [[nodiscard]] const FlowTableConfig& config() const { return config_; }

  struct Counters {
    std::uint64_t created = 0;
    std::uint64_t evicted = 0;
    std::uint64_t expired = 0;
    std::uint64_t closed = 0;
    std::uint64_t fragments_attributed = 0;
    std::uint64_t fragments_unmatched = 0;
  };
  [[nodiscard]] const Counters& counters() const { return counters_; }

 private:
  static constexpr std::uint32_t kNone = 0xFFFFFFFFU;
  struct Slot {
    std::uint32_t entry = kNone;
    std::uint32_t hash = 0;
  };
  struct FragmentSlot {
    util::IpAddress src;
    util::IpAddress dst;
    std::uint32_t id = 0;
    std::uint8_t protocol = 0;
    std::uint32_t entry = kNone;
    std::uint32_t generation = 0;
  };

  std::uint32_t find(const FlowKey& key, std::uint32_t hash) const;
  std::uint32_t allocate(const OrientedKey& oriented, std::uint32_t hash, const packet::Packet& p);
  void index_insert(std::uint32_t entry, std::uint32_t hash);
  void index_erase(std::uint32_t entry);
  void release(std::uint32_t index, FlowEnd why);
  void lru_unlink(std::uint32_t index);
  void lru_push_front(std::uint32_t index);
  void apply(FlowEntry& e, const packet::Packet& p, bool from_initiator);
  FlowUpdate attribute_fragment(const packet::Packet& p);
  void remember_fragment(const packet::Packet& p, std::uint32_t entry);
  std::size_t fragment_slot(const util::IpAddress& src, const util::IpAddress& dst, std::uint32_t id,
                            std::uint8_t protocol) const;

  FlowTableConfig config_;
  FlowEndHandler& on_end_;
  std::vector<FlowEntry> entries_;
  std::vector<std::uint32_t> free_;
  std::vector<Slot> index_;
  std::size_t index_mask_ = 0;
  std::vector<FragmentSlot> fragments_;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> dirty_;  // (entry, generation)
  std::uint32_t lru_head_ = kNone;
  std::uint32_t lru_tail_ = kNone;
  std::size_t active_ = 0;
  std::uint64_t next_id_ = 1;
  Counters counters_;
};

}  // namespace pt::engine

#pragma once
// The Traffic view's list: the snapshot's flows filtered (IP/name substring, port, protocol,
// local traffic), optionally grouped by destination, ordered by the chosen sort. Only the rows on
// screen are fully sorted (selection + partial sort), so 50,000 flows cost one linear pass.

#include <cstdint>
#include <vector>

#include "engine/snapshot.hpp"
#include "ui/address_index.hpp"
#include "ui/annotator.hpp"
#include "ui/view_state.hpp"

namespace pt::ui {

struct DestinationRow {
  util::IpAddress address;
  std::uint64_t flows = 0;
  std::uint64_t packets = 0;
  std::uint64_t bytes_sent = 0;
  std::uint64_t bytes_recv = 0;
  util::Timestamp last_seen{};
  std::uint32_t marked = 0;                  // selected flows to this destination
  const engine::FlowRow* largest = nullptr;  // its busiest flow, for the App column
  std::uint8_t protocols = 0;                // bit 0 tcp, 1 udp, 2 icmp, 3 other
  [[nodiscard]] std::uint64_t bytes() const { return bytes_sent + bytes_recv; }
};

struct TrafficList {
  bool by_destination = false;
  std::size_t total = 0;                      // flows in the snapshot
  std::vector<const engine::FlowRow*> flows;  // every matching flow; [offset, offset+visible) in order
  std::vector<DestinationRow> destinations;   // by_destination: every destination; window in order
  int cursor = 0;                             // index of the cursor row in the ordered list
  int offset = 0;                             // first row shown
  int visible = 0;                            // rows shown

  [[nodiscard]] int size() const { return static_cast<int>(by_destination ? destinations.size() : flows.size()); }
};

// Which addresses matched the IP filter, kept between frames while the filter text stays the
// same (the caller drops it now and then so names that arrive later can match).
struct FilterMemo {
  std::string needle;  // lower-case filter text the answers are for
  AddressIndex index;  // address → matches
  std::vector<bool> matches;
};

// True when the row passes the filters of state (the IP filter checks addresses and names).
class FlowFilter {
 public:
  FlowFilter(const TrafficState& state, Annotator& names, FilterMemo& memo);
  bool operator()(const engine::FlowRow& row);

 private:
  bool address_matches(const util::IpAddress& address);

  const TrafficState& state_;
  Annotator& names_;
  FilterMemo& memo_;
};

// Builds the list and resolves the cursor in state (key ↔ index, scroll offset). memo, when
// given, carries filter answers from one build to the next.
TrafficList build_traffic_list(const engine::Snapshot& snapshot, TrafficState& state, const Selection& selection,
                               Annotator& names, int visible_rows, FilterMemo* memo = nullptr);

}  // namespace pt::ui

#include "ui/traffic_list.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "ui/widgets/table.hpp"

namespace pt::ui {
namespace {

bool protocol_matches(ProtocolFilter filter, std::uint8_t protocol) {
  switch (filter) {
    case ProtocolFilter::All: return true;
    case ProtocolFilter::Tcp: return protocol == 6;
    case ProtocolFilter::Udp: return protocol == 17;
    case ProtocolFilter::Icmp: return protocol == 1 || protocol == 58;
  }
  return true;
}

bool has_ports(std::uint8_t protocol) { return protocol == 6 || protocol == 17 || protocol == 132; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Case-insensitive substring test; needle is already lower-case.
bool contains_folded(std::string_view hay, std::string_view needle) {
  const auto it = std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char b) {
    return std::tolower(static_cast<unsigned char>(a)) == static_cast<unsigned char>(b);
  });
  return it != hay.end();
}

// Strict total orders (ties broken by id or address) so rows never swap places between frames.
struct FlowOrder {
  TrafficSort sort;
  bool operator()(const engine::FlowRow* a, const engine::FlowRow* b) const {
    switch (sort) {
      case TrafficSort::Bytes:
        if (a->bytes() != b->bytes()) return a->bytes() > b->bytes();
        break;
      case TrafficSort::Packets:
        if (a->packets() != b->packets()) return a->packets() > b->packets();
        break;
      case TrafficSort::Time:
        if (a->last_seen != b->last_seen) return a->last_seen > b->last_seen;
        break;
    }
    return a->id < b->id;
  }
};

struct DestinationOrder {
  TrafficSort sort;
  bool operator()(const DestinationRow& a, const DestinationRow& b) const {
    switch (sort) {
      case TrafficSort::Bytes:
        if (a.bytes() != b.bytes()) return a.bytes() > b.bytes();
        break;
      case TrafficSort::Packets:
        if (a.packets != b.packets) return a.packets > b.packets;
        break;
      case TrafficSort::Time:
        if (a.last_seen != b.last_seen) return a.last_seen > b.last_seen;
        break;
    }
    return a.address < b.address;
  }
};

std::uint8_t protocol_bit(std::uint8_t protocol) {
  switch (protocol) {
    case 6: return 1U;
    case 17: return 2U;
    case 1:
    case 58: return 4U;
    default: return 8U;
  }
}

std::vector<DestinationRow> group_by_destination(const std::vector<const engine::FlowRow*>& flows,
                                                 const Selection& selection) {
  std::vector<DestinationRow> rows;
  AddressIndex index(flows.size() / 4 + 16);
  for (const engine::FlowRow* f : flows) {
    const auto [at, added] = index.insert(f->dst, static_cast<std::uint32_t>(rows.size()));
    if (added) rows.push_back(DestinationRow{.address = f->dst});
    DestinationRow& d = rows[at];
    ++d.flows;
    d.packets += f->packets();
    d.bytes_sent += f->bytes_sent;
    d.bytes_recv += f->bytes_recv;
    d.last_seen = std::max(d.last_seen, f->last_seen);
    d.protocols |= protocol_bit(f->protocol);
    if (d.largest == nullptr || f->bytes() > d.largest->bytes()) d.largest = f;
    if (!selection.empty() && selection.contains(FlowIdentity::of(*f))) ++d.marked;
  }
  return rows;
}

// Resolves the cursor against rows ordered by `order`, then orders just the visible window.
template <typename Row, typename Key, typename Order, typename KeyOf>
void resolve_window(std::vector<Row>& rows, ListCursor<Key>& cursor, int visible, Order order, KeyOf key_of,
                    TrafficList& out) {
  const int n = static_cast<int>(rows.size());
  if (cursor.key) {
    const auto it = std::find_if(rows.begin(), rows.end(), [&](const Row& r) { return key_of(r) == *cursor.key; });
    if (it != rows.end()) {
      cursor.index =
          static_cast<int>(std::count_if(rows.begin(), rows.end(), [&](const Row& r) { return order(r, *it); }));
    }
  }
  cursor.index = n == 0 ? 0 : std::clamp(cursor.index, 0, n - 1);
  cursor.offset = widgets::scroll_offset(cursor.offset, cursor.index, n, visible);
  const auto first = rows.begin() + cursor.offset;
  const auto last = rows.begin() + std::min(n, cursor.offset + std::max(visible, 1));
  if (n > 0) {
    std::nth_element(rows.begin(), first, rows.end(), order);
    std::partial_sort(first, last, rows.end(), order);
    cursor.key = key_of(rows[static_cast<std::size_t>(cursor.index)]);
  } else {
    cursor.key.reset();
  }
  out.cursor = cursor.index;
  out.offset = cursor.offset;
  out.visible = static_cast<int>(last - first);
}

}  // namespace

FlowFilter::FlowFilter(const TrafficState& state, Annotator& names, FilterMemo& memo)
    : state_(state), names_(names), memo_(memo) {
  std::string needle = lower(state.ip_filter);
  if (needle != memo_.needle) memo_ = FilterMemo{std::move(needle), AddressIndex(4096), {}};
}

bool FlowFilter::address_matches(const util::IpAddress& address) {
  const auto [at, added] = memo_.index.insert(address, static_cast<std::uint32_t>(memo_.matches.size()));
  if (!added) return memo_.matches[at];
  std::array<char, 64> text{};
  const std::size_t len = address.format(text);
  bool match = std::string_view(text.data(), len).find(memo_.needle) != std::string_view::npos;
  if (!match) match = contains_folded(names_.get(address).fqdn, memo_.needle);
  memo_.matches.push_back(match);
  return match;
}

bool FlowFilter::operator()(const engine::FlowRow& row) {
  if (!protocol_matches(state_.protocol, row.protocol)) return false;
  if (state_.port_filter) {
    const std::uint16_t p = *state_.port_filter;
    if (!has_ports(row.protocol) || (row.src_port.value != p && row.dst_port.value != p)) return false;
  }
  if (!state_.show_local && is_local_flow(row)) return false;
  if (!memo_.needle.empty() && !address_matches(row.src) && !address_matches(row.dst)) return false;
  return true;
}

TrafficList build_traffic_list(const engine::Snapshot& snapshot, TrafficState& state, const Selection& selection,
                               Annotator& names, int visible_rows, FilterMemo* memo) {
  TrafficList list;
  list.by_destination = state.by_destination;
  list.total = snapshot.flows.size();
  list.flows.reserve(snapshot.flows.size());
  if (state.filtered()) {
    FilterMemo local;
    FlowFilter keep(state, names, memo != nullptr ? *memo : local);
    for (const auto& row : snapshot.flows) {
      if (keep(row)) list.flows.push_back(&row);
    }
  } else {
    for (const auto& row : snapshot.flows) list.flows.push_back(&row);
  }
  if (state.by_destination) {
    list.destinations = group_by_destination(list.flows, selection);
    resolve_window(
        list.destinations, state.destination_cursor, visible_rows, DestinationOrder{state.sort},
        [](const DestinationRow& d) { return d.address; }, list);
  } else {
    resolve_window(
        list.flows, state.flow_cursor, visible_rows, FlowOrder{state.sort},
        [](const engine::FlowRow* f) { return FlowIdentity::of(*f); }, list);
  }
  return list;
}

}  // namespace pt::ui

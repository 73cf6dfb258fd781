#pragma once
// Everything the user has changed with keys: the current view, filters, sort orders, cursor
// positions, the selection, the open prompt and help. Views read it; only the controller
// writes it.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>

#include "ui/command.hpp"
#include "ui/flow_identity.hpp"
#include "util/ip_address.hpp"

namespace pt::ui {

using SteadyTime = std::chrono::steady_clock::time_point;

enum class ProtocolFilter : std::uint8_t { All, Tcp, Udp, Icmp };
enum class TrafficSort : std::uint8_t { Bytes, Packets, Time };
enum class PortSort : std::uint8_t { Bytes, Packets, Connections, Rate };
std::string_view to_string(ProtocolFilter filter);
std::string_view to_string(TrafficSort sort);
std::string_view to_string(PortSort sort);

// A cursor that follows its row when the list reorders, and falls back to its position when the
// row disappears. Navigation moves `index`, forgetting `key` until the next build resolves it.
template <typename KeyType>
struct ListCursor {
  std::optional<KeyType> key;
  int index = 0;
  int offset = 0;  // first visible row
};

struct TrafficState {
  std::string ip_filter;  // substring of an address (or its name)
  std::optional<std::uint16_t> port_filter;
  ProtocolFilter protocol = ProtocolFilter::All;
  TrafficSort sort = TrafficSort::Bytes;
  bool by_destination = false;  // g: destinations instead of flows
  bool show_local = true;       // l: flows with no public endpoint
  ListCursor<FlowIdentity> flow_cursor;
  ListCursor<util::IpAddress> destination_cursor;
  [[nodiscard]] bool filtered() const {
    return !ip_filter.empty() || port_filter.has_value() || protocol != ProtocolFilter::All || !show_local;
  }
};

// Marked flows by identity: survives reordering, filters and view switches.
class Selection {
 public:
  [[nodiscard]] bool empty() const { return flows_.empty(); }
  [[nodiscard]] std::size_t size() const { return flows_.size(); }
  [[nodiscard]] bool contains(const FlowIdentity& f) const { return flows_.contains(f); }
  [[nodiscard]] const std::unordered_set<FlowIdentity>& flows() const { return flows_; }
  // Bumped on every change so aggregates computed from the selection know when to redo.
  [[nodiscard]] std::uint64_t version() const { return version_; }
  void toggle(const FlowIdentity& f);
  void add(const FlowIdentity& f);
  void remove(const FlowIdentity& f);
  void clear();

 private:
  std::unordered_set<FlowIdentity> flows_;
  std::uint64_t version_ = 0;
};

enum class PromptKind : std::uint8_t { None, IpFilter, PortFilter };

struct PromptState {
  PromptKind kind = PromptKind::None;
  std::string text;      // what is being typed
  std::string original;  // restored by Esc
  std::string error;     // why Enter was refused ("port must be 0-65535")
};

struct ViewState {
  View view = View::Traffic;
  TrafficState traffic;
  Selection selection;
  ListCursor<util::IpAddress> trace_cursor;  // which trace the Paths view details
  PortSort port_sort = PortSort::Bytes;
  ListCursor<std::uint32_t> port_cursor;  // key: protocol << 16 | port
  PromptState prompt;
  bool help = false;
  bool quit = false;
  std::string message;  // a transient note in the hint line ("Tracing 8.8.8.8")
  SteadyTime message_until{};
};

}  // namespace pt::ui

#pragma once
// What every view draws from: the snapshot, the capture status, the annotation memo and the
// view state, for one frame. Views read it and draw into a canvas area; they change nothing.

#include <string>

#include "engine/snapshot.hpp"
#include "ui/annotator.hpp"
#include "ui/canvas.hpp"
#include "ui/source.hpp"
#include "ui/view_state.hpp"

namespace pt::ui::views {

struct Frame {
  const engine::Snapshot& snapshot;
  const CaptureStatus& status;
  Annotator& names;
  const ViewState& state;
  SteadyTime now{};
};

// "tcp", "udp", ... upper-cased for tables ("TCP").
std::string protocol_label(std::uint8_t ip_protocol);
// "10.0.0.1:443", "[2001:db8::1]:443", "10.0.0.1" for protocols without ports.
std::string endpoint_label(const util::IpAddress& address, util::Port port, std::uint8_t ip_protocol);
// The App/classification cell: "TLS.YouTube", the port service when nDPI knows nothing, "…" while
// inspection is in progress. Sanitized (server names come from the network).
std::string app_label(const engine::Snapshot& snapshot, const engine::Classification& c);
// The flow's remote name: the resolver's FQDN, else the server name nDPI saw (SNI/Host), sanitized.
std::string flow_name(Annotator& names, const engine::FlowRow& row);

}  // namespace pt::ui::views

#pragma once
// What the flow table tells every tracker about the packet it is recording.

#include "engine/flow_row.hpp"

namespace pt::engine {

struct FlowContext {
  const FlowRow* flow = nullptr;  // null for packets that belong to no flow (ARP, non-IP)
  bool from_initiator = true;     // the packet travels initiator -> responder
  bool new_flow = false;          // this packet created the flow
};

}  // namespace pt::engine

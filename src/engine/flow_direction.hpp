#pragma once
// Who started a flow, judged from its first packet: the sender of a SYN, the receiver of a
// SYN-ACK or an echo reply, and otherwise the side that is not using a likely server port
// (Zeek's likely_server_ports idea), so a capture that starts mid-connection still orients it.

#include <cstdint>

#include "packet/packet.hpp"

namespace pt::engine {

bool is_likely_server_port(std::uint16_t port);
// True when the packet's sender should be taken as the initiator of a new flow.
bool sender_is_initiator(const packet::Packet& p);

}  // namespace pt::engine

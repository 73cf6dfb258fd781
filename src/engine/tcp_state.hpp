#pragma once
// Zeek-style TCP connection bookkeeping: which control events each side has shown, the history
// letters (Zeek conn.log "history": upper case for the originator, lower case for the responder)
// and the conn_state derived from them.

#include <cstdint>

#include "engine/flow_row.hpp"

namespace pt::engine {

namespace tcp_event {
inline constexpr std::uint8_t kSyn = 1U << 0U;     // SYN without ACK
inline constexpr std::uint8_t kSynAck = 1U << 1U;  // SYN with ACK
inline constexpr std::uint8_t kAck = 1U << 2U;     // pure ACK
inline constexpr std::uint8_t kData = 1U << 3U;    // payload
inline constexpr std::uint8_t kFin = 1U << 4U;
inline constexpr std::uint8_t kRst = 1U << 5U;
}  // namespace tcp_event

struct TcpSides {
  std::uint8_t orig = 0;  // tcp_event bits seen from the initiator
  std::uint8_t resp = 0;  // from the responder
};

// Records one TCP segment's events; appends new history letters to history.
void record_tcp_segment(TcpSides& sides, util::FixedString<24>& history, bool from_initiator, std::uint8_t flags,
                        bool has_payload);

// Non-TCP flows: history D/d for data each way.
void record_datagram(util::FixedString<24>& history, bool from_initiator);

// Zeek's conn_state for a TCP flow from the events seen so far.
ConnState tcp_conn_state(const TcpSides& sides);
// UDP/ICMP and others: S0 when only the originator spoke, SF when both did.
ConnState datagram_conn_state(std::uint64_t packets_sent, std::uint64_t packets_recv);
// FIN from both sides, or a RST from either: the connection is over.
bool tcp_closed(const TcpSides& sides);

}  // namespace pt::engine

#include "engine/tcp_state.hpp"

#include <string>

#include "packet/packet.hpp"

namespace pt::engine {
namespace {

void add_letter(util::FixedString<24>& history, char letter) {
  const auto view = history.view();
  if (view.find(letter) != std::string_view::npos || view.size() >= history.capacity()) return;
  char buffer[32];
  view.copy(buffer, view.size());
  buffer[view.size()] = letter;
  history.assign(std::string_view(buffer, view.size() + 1));
}

char side_letter(char upper, bool from_initiator) {
  return from_initiator ? upper : static_cast<char>(upper - 'A' + 'a');
}

}  // namespace

void record_tcp_segment(TcpSides& sides, util::FixedString<24>& history, bool from_initiator, std::uint8_t flags,
                        bool has_payload) {
  namespace f = packet::tcp_flag;
  std::uint8_t events = 0;
  const bool syn = (flags & f::kSyn) != 0;
  const bool ack = (flags & f::kAck) != 0;
  if (syn && !ack) events |= tcp_event::kSyn;
  if (syn && ack) events |= tcp_event::kSynAck;
  if (!syn && ack && !has_payload && (flags & (f::kFin | f::kRst)) == 0) events |= tcp_event::kAck;
  if (has_payload) events |= tcp_event::kData;
  if ((flags & f::kFin) != 0) events |= tcp_event::kFin;
  if ((flags & f::kRst) != 0) events |= tcp_event::kRst;
  (from_initiator ? sides.orig : sides.resp) |= events;

  if ((events & tcp_event::kSyn) != 0) add_letter(history, side_letter('S', from_initiator));
  if ((events & tcp_event::kSynAck) != 0) add_letter(history, side_letter('H', from_initiator));
  if ((events & tcp_event::kAck) != 0) add_letter(history, side_letter('A', from_initiator));
  if ((events & tcp_event::kData) != 0) add_letter(history, side_letter('D', from_initiator));
  if ((events & tcp_event::kFin) != 0) add_letter(history, side_letter('F', from_initiator));
  if ((events & tcp_event::kRst) != 0) add_letter(history, side_letter('R', from_initiator));
}

void record_datagram(util::FixedString<24>& history, bool from_initiator) {
  add_letter(history, side_letter('D', from_initiator));
}

// The decision table follows Zeek's base/protocols/conn/main.zeek conn_state().
ConnState tcp_conn_state(const TcpSides& s) {
  using namespace tcp_event;
  const bool orig_syn = (s.orig & kSyn) != 0;
  const bool resp_synack = (s.resp & kSynAck) != 0;
  const bool orig_fin = (s.orig & kFin) != 0;
  const bool resp_fin = (s.resp & kFin) != 0;
  const bool orig_rst = (s.orig & kRst) != 0;
  const bool resp_rst = (s.resp & kRst) != 0;
  const bool established = orig_syn && resp_synack;

  if (orig_rst) {
    if (established) return ConnState::RSTO;
    if (orig_syn && !resp_synack) return (s.resp == 0) ? ConnState::RSTOS0 : ConnState::RSTO;
    return ConnState::RSTO;
  }
  if (resp_rst) {
    if (orig_syn && !resp_synack) return ConnState::REJ;
    if (resp_synack && !orig_syn) return ConnState::RSTRH;
    return ConnState::RSTR;
  }
  if (established) {
    if (orig_fin && resp_fin) return ConnState::SF;
    if (orig_fin) return ConnState::S2;
    if (resp_fin) return ConnState::S3;
    return ConnState::S1;
  }
  if (orig_syn && s.resp == 0) return orig_fin ? ConnState::SH : ConnState::S0;
  if (resp_synack && !orig_syn) return resp_fin ? ConnState::SHR : ConnState::OTH;
  if (!orig_syn && !resp_synack && orig_fin && resp_fin) return ConnState::SF;
  return ConnState::OTH;
}

ConnState datagram_conn_state(std::uint64_t packets_sent, std::uint64_t packets_recv) {
  if (packets_recv == 0) return ConnState::S0;
  if (packets_sent == 0) return ConnState::OTH;
  return ConnState::SF;
}

bool tcp_closed(const TcpSides& s) {
  using namespace tcp_event;
  return ((s.orig | s.resp) & kRst) != 0 || ((s.orig & kFin) != 0 && (s.resp & kFin) != 0);
}

}  // namespace pt::engine

#include "packet/decode.hpp"

#include "packet/decode_steps.hpp"

namespace pt::packet {

namespace {

// Resets every part of out. Assigning a whole Packet{} compiles to one `rep stos` over ~300
// bytes, whose start-up cost was a tenth of decoding a TCP frame; part by part the compiler
// emits a few vector stores. A field added to Packet must be reset here (the size check
// below is the reminder).
void reset(Packet& out) {
  out.status = DecodeStatus::Ok;
  out.link = LinkInfo{};
  out.network = Network::None;
  out.arp = ArpInfo{};
  out.ip = IpInfo{};
  out.transport = TransportInfo{};
  out.icmp = IcmpInfo{};
  out.tunnel = Tunnel::None;
  out.payload = {};
}

#if defined(__x86_64__) && defined(__GLIBCXX__)
static_assert(sizeof(Packet) == 296, "Packet changed: reset the new field in reset() above, then update the size");
#endif

}  // namespace

DecodeStatus decode(const Frame& frame, Packet& out) {
  reset(out);
  out.timestamp = frame.timestamp;
  out.wire_length = frame.wire_length;
  out.captured_length = frame.captured_length();
  out.link_type = frame.link_type;
  detail::decode_link(frame.link_type, util::ByteReader{frame.data}, out);
  return out.status;
}

}  // namespace pt::packet

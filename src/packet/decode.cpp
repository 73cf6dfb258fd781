#include "packet/decode.hpp"

#include "packet/decode_steps.hpp"

namespace pt::packet {

DecodeStatus decode(const Frame& frame, Packet& out) {
  out = Packet{};
  out.timestamp = frame.timestamp;
  out.wire_length = frame.wire_length;
  out.captured_length = frame.captured_length();
  out.link_type = frame.link_type;
  detail::decode_link(frame.link_type, util::ByteReader{frame.data}, out);
  return out.status;
}

}  // namespace pt::packet

#pragma once
// Decodes one frame into a Packet. Never throws and never allocates; every byte is read
// through util::ByteReader, bounded by the captured length.

#include "packet/frame.hpp"
#include "packet/packet.hpp"

namespace pt::packet {

// Fills out (reset first) and returns out.status.
DecodeStatus decode(const Frame& frame, Packet& out);

}  // namespace pt::packet

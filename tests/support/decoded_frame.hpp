#pragma once
// A frame decoded for a test, owning its bytes so that the Packet's views into them stay valid
// for as long as the test looks at it. Neither copyable nor movable: the views would dangle.

#include <utility>

#include "packet/decode.hpp"
#include "support/packet_builder.hpp"

namespace pt::test {

class DecodedFrame : public packet::Packet {
 public:
  explicit DecodedFrame(Bytes bytes, int dlt = 1, std::uint32_t on_wire = 0) : bytes_(std::move(bytes)) {
    packet::Frame frame;
    frame.link_type = dlt;
    frame.data = bytes_;
    frame.wire_length = on_wire != 0 ? on_wire : static_cast<std::uint32_t>(bytes_.size());
    packet::decode(frame, *this);
  }
  DecodedFrame(const DecodedFrame&) = delete;
  DecodedFrame& operator=(const DecodedFrame&) = delete;
  DecodedFrame(DecodedFrame&&) = delete;
  DecodedFrame& operator=(DecodedFrame&&) = delete;
  ~DecodedFrame() = default;

  [[nodiscard]] const Bytes& bytes() const { return bytes_; }

 private:
  Bytes bytes_;
};

}  // namespace pt::test

#pragma once
// One non-blocking raw socket (raw(7), RFC 3542) as the transport uses it: owned fd, TTL per
// probe, a kernel-side filter so it only wakes us for packets that can be replies, and
// non-blocking send and receive. Errors opening it are typed (TraceError).

#include <cstdint>
#include <optional>
#include <span>

#include "trace/reply_matcher.hpp"
#include "util/ip_address.hpp"
#include "util/strong_types.hpp"

namespace pt::trace {

// What the socket lets through (a classic BPF program or an ICMP type filter).
enum class RawFilter : std::uint8_t {
  DropAll,         // send-only sockets: incoming packets of the protocol are not ours to read
  IcmpReplies,     // echo reply and the errors that quote a probe
  TcpSynAckOrRst,  // the only TCP segments that answer a SYN
};

class RawSocket {
 public:
  // Opens socket(family, SOCK_RAW, protocol), non-blocking and close-on-exec. Throws TraceError:
  // PermissionDenied without CAP_NET_RAW, FamilyUnavailable without the address family.
  RawSocket(util::IpFamily family, util::IpProtocol protocol, RawFilter filter);
  ~RawSocket();
  RawSocket(RawSocket&& other) noexcept;
  RawSocket& operator=(RawSocket&& other) noexcept;
  RawSocket(const RawSocket&) = delete;
  RawSocket& operator=(const RawSocket&) = delete;

  [[nodiscard]] int fd() const { return fd_; }
  [[nodiscard]] util::IpFamily family() const { return family_; }
  [[nodiscard]] ReadFormat read_format() const;

  // Sends one datagram with the given TTL / hop limit; false when the kernel refused it.
  bool send_to(const util::IpAddress& target, std::span<const std::uint8_t> bytes, util::Ttl ttl);

  struct Received {
    std::size_t size = 0;
    util::IpAddress from;
  };
  // Reads one packet into buffer without blocking; nullopt when nothing is queued.
  std::optional<Received> receive(std::span<std::uint8_t> buffer);

 private:
  void install(RawFilter filter, util::IpProtocol protocol);
  void close();

  int fd_ = -1;
  util::IpFamily family_ = util::IpFamily::V4;
  util::IpProtocol protocol_ = util::IpProtocol::Icmp;
  int current_ttl_ = -1;
};

}  // namespace pt::trace

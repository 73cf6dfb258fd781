#include "trace/raw_socket.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <linux/filter.h>
#include <linux/icmp.h>
#include <netinet/icmp6.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <string>
#include <utility>

#include "trace/trace_error.hpp"

namespace pt::trace {
namespace {

[[noreturn]] void throw_open_error(int err, util::IpFamily family) {
  if (err == EPERM || err == EACCES) {
    throw TraceError(TraceErrorKind::PermissionDenied,
                     "traceroute needs raw sockets: run as root or grant the capability with "
                     "'setcap cap_net_raw+ep packettracer'");
  }
  if (err == EAFNOSUPPORT || err == EPROTONOSUPPORT) {
    throw TraceError(TraceErrorKind::FamilyUnavailable,
                     family == util::IpFamily::V6 ? "IPv6 is not available on this host" : "IPv4 is not available");
  }
  throw TraceError(TraceErrorKind::Socket, std::string("raw socket: ") + std::strerror(err));
}

void attach(int fd, std::span<sock_filter> program) {
  sock_fprog prog{};
  prog.len = static_cast<unsigned short>(program.size());
  prog.filter = program.data();
  if (::setsockopt(fd, SOL_SOCKET, SO_ATTACH_FILTER, &prog, sizeof prog) != 0) {
    throw TraceError(TraceErrorKind::Socket, std::string("SO_ATTACH_FILTER: ") + std::strerror(errno));
  }
}

// Classic BPF: accept a TCP segment with RST, or with both SYN and ACK. IPv4 raw sockets see
// the packet from its IP header; IPv6 raw sockets from the TCP header (RFC 3542 §3).
void attach_tcp_filter(int fd, bool v6) {
  constexpr std::uint32_t kFlagsOffset = 13;
  std::array<sock_filter, 7> v4_program{{
      BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0),            // x = IP header length
      BPF_STMT(BPF_LD | BPF_B | BPF_IND, kFlagsOffset),  // a = TCP flags
      BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x04, 2, 0),  // RST -> accept
      BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0x12),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x12, 0, 1),  // SYN+ACK -> accept
      BPF_STMT(BPF_RET | BPF_K, 0xFFFF),
      BPF_STMT(BPF_RET | BPF_K, 0),
  }};
  // Same program without the IP header: the jumps land on the same two returns.
  std::array<sock_filter, 6> v6_program{{
      BPF_STMT(BPF_LD | BPF_B | BPF_ABS, kFlagsOffset),
      BPF_JUMP(BPF_JMP | BPF_JSET | BPF_K, 0x04, 2, 0),
      BPF_STMT(BPF_ALU | BPF_AND | BPF_K, 0x12),
      BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, 0x12, 0, 1),
      BPF_STMT(BPF_RET | BPF_K, 0xFFFF),
      BPF_STMT(BPF_RET | BPF_K, 0),
  }};
  if (v6) {
    attach(fd, v6_program);
  } else {
    attach(fd, v4_program);
  }
}

void set_icmp_filter(int fd, bool v6) {
  if (v6) {
    icmp6_filter filter{};
    ICMP6_FILTER_SETBLOCKALL(&filter);
    for (int type :
         {ICMP6_DST_UNREACH, ICMP6_PACKET_TOO_BIG, ICMP6_TIME_EXCEEDED, ICMP6_PARAM_PROB, ICMP6_ECHO_REPLY}) {
      ICMP6_FILTER_SETPASS(type, &filter);
    }
    if (::setsockopt(fd, IPPROTO_ICMPV6, ICMP6_FILTER, &filter, sizeof filter) != 0) {
      throw TraceError(TraceErrorKind::Socket, std::string("ICMP6_FILTER: ") + std::strerror(errno));
    }
    return;
  }
  // Linux ICMP_FILTER: a set bit blocks that type (raw(7)).
  icmp_filter filter{};
  filter.data =
      ~((1U << ICMP_ECHOREPLY) | (1U << ICMP_DEST_UNREACH) | (1U << ICMP_TIME_EXCEEDED) | (1U << ICMP_PARAMETERPROB));
  if (::setsockopt(fd, SOL_RAW, ICMP_FILTER, &filter, sizeof filter) != 0) {
    throw TraceError(TraceErrorKind::Socket, std::string("ICMP_FILTER: ") + std::strerror(errno));
  }
}

}  // namespace

RawSocket::RawSocket(util::IpFamily family, util::IpProtocol protocol, RawFilter filter)
    : family_(family), protocol_(protocol) {
  const int domain = family == util::IpFamily::V6 ? AF_INET6 : AF_INET;
  fd_ = ::socket(domain, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, static_cast<int>(protocol));
  if (fd_ < 0) throw_open_error(errno, family);
  try {
    install(filter, protocol);
  } catch (...) {
    close();
    throw;
  }
}

void RawSocket::install(RawFilter filter, util::IpProtocol protocol) {
  const bool v6 = family_ == util::IpFamily::V6;
  if (v6 && protocol != util::IpProtocol::Icmpv6) {
    // The kernel fills the UDP/TCP checksum at this offset (RFC 3542 §3.1).
    const int offset = protocol == util::IpProtocol::Udp ? 6 : 16;
    if (::setsockopt(fd_, IPPROTO_IPV6, IPV6_CHECKSUM, &offset, sizeof offset) != 0) {
      throw TraceError(TraceErrorKind::Socket, std::string("IPV6_CHECKSUM: ") + std::strerror(errno));
    }
  }
  switch (filter) {
    case RawFilter::DropAll: {
      std::array<sock_filter, 1> program{{BPF_STMT(BPF_RET | BPF_K, 0)}};
      attach(fd_, program);
      break;
    }
    case RawFilter::IcmpReplies: set_icmp_filter(fd_, v6); break;
    case RawFilter::TcpSynAckOrRst: attach_tcp_filter(fd_, v6); break;
  }
}

RawSocket::~RawSocket() { close(); }

RawSocket::RawSocket(RawSocket&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      family_(other.family_),
      protocol_(other.protocol_),
      current_ttl_(other.current_ttl_) {}

RawSocket& RawSocket::operator=(RawSocket&& other) noexcept {
  if (this != &other) {
    close();
    fd_ = std::exchange(other.fd_, -1);
    family_ = other.family_;
    protocol_ = other.protocol_;
    current_ttl_ = other.current_ttl_;
  }
  return *this;
}

void RawSocket::close() {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
}

ReadFormat RawSocket::read_format() const {
  if (family_ == util::IpFamily::V4) return ReadFormat::Ipv4Packet;
  return protocol_ == util::IpProtocol::Tcp ? ReadFormat::Tcpv6Segment : ReadFormat::Icmpv6Message;
}

bool RawSocket::send_to(const util::IpAddress& target, std::span<const std::uint8_t> bytes, util::Ttl ttl) {
  const bool v6 = family_ == util::IpFamily::V6;
  if (current_ttl_ != ttl.value) {
    const int value = ttl.value;
    const int rc = v6 ? ::setsockopt(fd_, IPPROTO_IPV6, IPV6_UNICAST_HOPS, &value, sizeof value)
                      : ::setsockopt(fd_, IPPROTO_IP, IP_TTL, &value, sizeof value);
    if (rc != 0) return false;
    current_ttl_ = value;
  }
  sockaddr_storage storage{};
  socklen_t length = 0;
  if (v6) {
    sockaddr_in6 sa{};
    sa.sin6_family = AF_INET6;
    std::memcpy(&sa.sin6_addr, target.bytes().data(), 16);
    std::memcpy(&storage, &sa, sizeof sa);
    length = sizeof sa;
  } else {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    std::memcpy(&sa.sin_addr, target.bytes().data(), 4);
    std::memcpy(&storage, &sa, sizeof sa);
    length = sizeof sa;
  }
  const auto sent =
      ::sendto(fd_, bytes.data(), bytes.size(), MSG_DONTWAIT, reinterpret_cast<const sockaddr*>(&storage), length);
  return sent == static_cast<ssize_t>(bytes.size());
}

std::optional<RawSocket::Received> RawSocket::receive(std::span<std::uint8_t> buffer) {
  sockaddr_storage storage{};
  socklen_t length = sizeof storage;
  const auto n =
      ::recvfrom(fd_, buffer.data(), buffer.size(), MSG_DONTWAIT, reinterpret_cast<sockaddr*>(&storage), &length);
  if (n < 0) return std::nullopt;
  Received r;
  r.size = static_cast<std::size_t>(n);
  if (storage.ss_family == AF_INET6) {
    sockaddr_in6 sa{};
    std::memcpy(&sa, &storage, sizeof sa);
    r.from = util::IpAddress::v6(std::span<const std::uint8_t, 16>(sa.sin6_addr.s6_addr, 16));
  } else if (storage.ss_family == AF_INET) {
    sockaddr_in sa{};
    std::memcpy(&sa, &storage, sizeof sa);
    r.from = util::IpAddress::v4(ntohl(sa.sin_addr.s_addr));
  }
  return r;
}

}  // namespace pt::trace

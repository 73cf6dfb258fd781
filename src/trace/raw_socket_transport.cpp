#include "trace/raw_socket_transport.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>
#include <vector>

#include "trace/probe_encoder.hpp"
#include "trace/trace_error.hpp"

namespace pt::trace {
namespace {

constexpr std::size_t kReadBuffer = 4096;

std::size_t family_index(util::IpFamily family) { return family == util::IpFamily::V6 ? 1 : 0; }

// A socket address for address:port.
socklen_t make_sockaddr(const util::IpAddress& address, std::uint16_t port, sockaddr_storage& out) {
  out = sockaddr_storage{};
  if (address.is_v6()) {
    sockaddr_in6 sa{};
    sa.sin6_family = AF_INET6;
    sa.sin6_port = htons(port);
    std::memcpy(&sa.sin6_addr, address.bytes().data(), 16);
    std::memcpy(&out, &sa, sizeof sa);
    return sizeof sa;
  }
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(port);
  std::memcpy(&sa.sin_addr, address.bytes().data(), 4);
  std::memcpy(&out, &sa, sizeof sa);
  return sizeof sa;
}

// Reads back the address and port a socket is bound to.
std::pair<util::IpAddress, std::uint16_t> local_name(int fd) {
  sockaddr_storage storage{};
  socklen_t length = sizeof storage;
  if (::getsockname(fd, reinterpret_cast<sockaddr*>(&storage), &length) != 0) return {};
  if (storage.ss_family == AF_INET6) {
    sockaddr_in6 sa{};
    std::memcpy(&sa, &storage, sizeof sa);
    return {util::IpAddress::v6(std::span<const std::uint8_t, 16>(sa.sin6_addr.s6_addr, 16)), ntohs(sa.sin6_port)};
  }
  sockaddr_in sa{};
  std::memcpy(&sa, &storage, sizeof sa);
  return {util::IpAddress::v4(ntohl(sa.sin_addr.s_addr)), ntohs(sa.sin_port)};
}

// The source address the kernel would route from towards target: a connected UDP socket sends
// nothing but has its local address chosen (the same trick as traceroute's).
util::IpAddress route_source(const util::IpAddress& target) {
  const int domain = target.is_v6() ? AF_INET6 : AF_INET;
  const int fd = ::socket(domain, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    throw TraceError(TraceErrorKind::FamilyUnavailable,
                     std::string("no socket for the target: ") + std::strerror(errno));
  }
  sockaddr_storage sa{};
  const auto length = make_sockaddr(target, kDefaultUdpPort.value, sa);
  const int rc = ::connect(fd, reinterpret_cast<const sockaddr*>(&sa), length);
  const int err = errno;
  const auto [source, port] = rc == 0 ? local_name(fd) : std::pair<util::IpAddress, std::uint16_t>{};
  ::close(fd);
  if (rc != 0) {
    throw TraceError(TraceErrorKind::FamilyUnavailable,
                     "no route to " + target.to_string() + ": " + std::strerror(err));
  }
  return source;
}

}  // namespace

RawSocketTransport::RawSocketTransport() : random_(std::random_device{}()) {
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  if (wake_fd_ < 0) throw TraceError(TraceErrorKind::Socket, std::string("eventfd: ") + std::strerror(errno));
  next_icmp_id_ = static_cast<std::uint16_t>(random_());
}

RawSocketTransport::~RawSocketTransport() {
  for (auto& [port, fd] : port_reservations_) ::close(fd);
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

void RawSocketTransport::check_privilege() {
  RawSocket probe(util::IpFamily::V4, util::IpProtocol::Icmp, RawFilter::DropAll);
}

Instant RawSocketTransport::now() const { return std::chrono::steady_clock::now(); }

RawSocketTransport::FamilySockets& RawSocketTransport::sockets_for(util::IpFamily family, ProbeProtocol protocol) {
  auto& s = sockets_[family_index(family)];
  const bool v6 = family == util::IpFamily::V6;
  // Every probe type needs the ICMP socket: it is where routers' errors arrive.
  if (!s.icmp) s.icmp.emplace(family, v6 ? util::IpProtocol::Icmpv6 : util::IpProtocol::Icmp, RawFilter::IcmpReplies);
  if (protocol == ProbeProtocol::Udp && !s.udp) s.udp.emplace(family, util::IpProtocol::Udp, RawFilter::DropAll);
  if (protocol == ProbeProtocol::Tcp && !s.tcp) {
    s.tcp.emplace(family, util::IpProtocol::Tcp, RawFilter::TcpSynAckOrRst);
  }
  return s;
}

FlowIdentity RawSocketTransport::open_flow(const util::IpAddress& target, ProbeProtocol protocol, util::Port dst_port) {
  if (target.empty()) throw TraceError(TraceErrorKind::InvalidConfig, "no target address");
  sockets_for(target.family(), protocol);
  FlowIdentity flow;
  flow.protocol = protocol;
  flow.target = target;
  flow.source = route_source(target);
  flow.dst_port = dst_port;
  flow.icmp_id = next_icmp_id_++;
  flow.tcp_seq_base = static_cast<std::uint32_t>(random_());
  if (protocol == ProbeProtocol::Icmp) return flow;

  const int domain = target.is_v6() ? AF_INET6 : AF_INET;
  const int type = protocol == ProbeProtocol::Tcp ? SOCK_STREAM : SOCK_DGRAM;
  const int fd = ::socket(domain, type | SOCK_CLOEXEC, 0);
  if (fd < 0) throw TraceError(TraceErrorKind::Socket, std::string("port reservation: ") + std::strerror(errno));
  sockaddr_storage sa{};
  const auto length = make_sockaddr(flow.source, 0, sa);
  if (::bind(fd, reinterpret_cast<const sockaddr*>(&sa), length) != 0) {
    const int err = errno;
    ::close(fd);
    throw TraceError(TraceErrorKind::Socket, std::string("port reservation: ") + std::strerror(err));
  }
  flow.src_port = util::Port{local_name(fd).second};
  port_reservations_[(static_cast<std::uint32_t>(protocol) << 16U) | flow.src_port.value] = fd;
  return flow;
}

void RawSocketTransport::close_flow(const FlowIdentity& flow) {
  const auto it = port_reservations_.find((static_cast<std::uint32_t>(flow.protocol) << 16U) | flow.src_port.value);
  if (it == port_reservations_.end() || flow.protocol == ProbeProtocol::Icmp) return;
  ::close(it->second);
  port_reservations_.erase(it);
}

RawSocket* RawSocketTransport::sender(util::IpFamily family, ProbeProtocol protocol) {
  auto& s = sockets_[family_index(family)];
  switch (protocol) {
    case ProbeProtocol::Icmp: return s.icmp ? &*s.icmp : nullptr;
    case ProbeProtocol::Udp: return s.udp ? &*s.udp : nullptr;
    case ProbeProtocol::Tcp: return s.tcp ? &*s.tcp : nullptr;
  }
  return nullptr;
}

bool RawSocketTransport::send(const FlowIdentity& flow, const Probe& probe) {
  auto* socket = sender(flow.target.family(), flow.protocol);
  if (socket == nullptr) return false;
  std::array<std::uint8_t, kMaxProbeSize> buffer{};
  const auto size = encode_probe(flow, probe.token, buffer);
  if (size == 0) return false;
  return socket->send_to(flow.target, std::span<const std::uint8_t>(buffer.data(), size), probe.ttl);
}

std::optional<ProbeReply> RawSocketTransport::read_one(RawSocket& socket) {
  std::array<std::uint8_t, kReadBuffer> buffer{};
  while (auto got = socket.receive(buffer)) {
    const std::span<const std::uint8_t> bytes(buffer.data(), std::min(got->size, buffer.size()));
    if (auto reply = parse_reply(bytes, socket.read_format(), got->from, now())) return reply;
  }
  return std::nullopt;
}

std::optional<ProbeReply> RawSocketTransport::receive(Instant deadline) {
  std::vector<pollfd> fds;
  std::vector<RawSocket*> owners;
  fds.push_back({wake_fd_, POLLIN, 0});
  for (auto& family : sockets_) {
    for (auto* s : {family.icmp ? &*family.icmp : nullptr, family.tcp ? &*family.tcp : nullptr}) {
      if (s == nullptr) continue;
      fds.push_back({s->fd(), POLLIN, 0});
      owners.push_back(s);
    }
  }
  for (;;) {
    const auto left = std::max(deadline - now(), Instant::duration::zero());
    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
    timespec timeout{static_cast<time_t>(ns / 1'000'000'000), static_cast<long>(ns % 1'000'000'000)};
    const int ready = ::ppoll(fds.data(), fds.size(), &timeout, nullptr);
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) return std::nullopt;
    if ((fds[0].revents & POLLIN) != 0) {
      std::uint64_t count = 0;
      [[maybe_unused]] const auto n = ::read(wake_fd_, &count, sizeof count);
      return std::nullopt;
    }
    for (std::size_t i = 1; i < fds.size(); ++i) {
      if ((fds[i].revents & POLLIN) == 0) continue;
      if (auto reply = read_one(*owners[i - 1])) return reply;
    }
    if (now() >= deadline) return std::nullopt;
  }
}

void RawSocketTransport::interrupt() {
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto n = ::write(wake_fd_, &one, sizeof one);
}

}  // namespace pt::trace

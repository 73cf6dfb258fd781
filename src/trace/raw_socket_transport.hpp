#pragma once
// The real ProbeTransport: raw sockets (CAP_NET_RAW), IPv4 and IPv6, ICMP echo, UDP and TCP
// SYN probes. Sockets are opened on first use per family and protocol and are non-blocking;
// receive() waits in ppoll() only until the caller's deadline, and interrupt() wakes it
// through an eventfd. Thread-compatible: one thread drives it, any thread may interrupt().

#include <array>
#include <map>
#include <memory>
#include <optional>
#include <random>

#include "trace/probe_transport.hpp"
#include "trace/raw_socket.hpp"

namespace pt::trace {

class RawSocketTransport : public ProbeTransport {
 public:
  // Throws TraceError(Socket) only if the wake-up eventfd cannot be made.
  RawSocketTransport();
  ~RawSocketTransport() override;
  RawSocketTransport(const RawSocketTransport&) = delete;
  RawSocketTransport& operator=(const RawSocketTransport&) = delete;

  // Opens (and closes) a raw ICMP socket: throws TraceError(PermissionDenied) with one clear
  // message when this process may not trace. For the app to check before it starts.
  static void check_privilege();

  [[nodiscard]] Instant now() const override;
  FlowIdentity open_flow(const util::IpAddress& target, ProbeProtocol protocol, util::Port dst_port) override;
  void close_flow(const FlowIdentity& flow) override;
  bool send(const FlowIdentity& flow, const Probe& probe) override;
  std::optional<ProbeReply> receive(Instant deadline) override;
  void interrupt() override;

 private:
  struct FamilySockets {
    std::optional<RawSocket> icmp;  // sends echo requests; receives every ICMP reply and error
    std::optional<RawSocket> udp;   // send only
    std::optional<RawSocket> tcp;   // sends SYNs; receives SYN-ACK / RST
  };
  FamilySockets& sockets_for(util::IpFamily family, ProbeProtocol protocol);
  RawSocket* sender(util::IpFamily family, ProbeProtocol protocol);
  std::optional<ProbeReply> read_one(RawSocket& socket);

  std::array<FamilySockets, 2> sockets_;  // [0] IPv4, [1] IPv6
  // Ordinary sockets bound to each UDP/TCP flow's source port, so no other program on this
  // host is handed the same port while the trace runs. Keyed by the flow's source port.
  std::map<std::uint32_t, int> port_reservations_;
  int wake_fd_ = -1;
  std::mt19937 random_;
  std::uint16_t next_icmp_id_;
};

}  // namespace pt::trace

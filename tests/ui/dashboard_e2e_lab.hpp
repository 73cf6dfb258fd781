#pragma once
// Live traffic for the dashboard end-to-end tests, all inside namespaces the test owns:
//
//   host (dashboard on veth0) 10.77.1.2 ── router 10.77.1.1 | 10.77.2.1 ── server 10.77.2.2
//
// The server namespace runs a TCP server (each connection: read the request, answer with the
// number of bytes the client asked for) and a UDP echo; the host namespace sends ping, TCP
// exchanges and UDP datagrams. A traceroute from the host to the server has two hops.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "ui/dashboard_e2e_harness.hpp"

namespace pt::ui::e2e {

inline constexpr const char* kHostAddress = "10.77.1.2";
inline constexpr const char* kRouterAddress = "10.77.1.1";
inline constexpr const char* kServerAddress = "10.77.2.2";
inline constexpr std::uint16_t kUdpEchoPort = 7007;

class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() {
    if (fd_ >= 0) ::close(fd_);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  [[nodiscard]] int get() const { return fd_; }

 private:
  int fd_;
};

inline sockaddr_in socket_address(const std::string& ip, std::uint16_t port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(port);
  ::inet_pton(AF_INET, ip.c_str(), &a.sin_addr);
  return a;
}

inline bool send_all(int fd, std::size_t n) {
  std::vector<char> chunk(4096, 'x');
  while (n > 0) {
    const ssize_t w = ::send(fd, chunk.data(), std::min(n, chunk.size()), MSG_NOSIGNAL);
    if (w <= 0) return false;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

// Reads until the peer closes its side; returns the bytes read.
inline std::size_t drain(int fd) {
  std::size_t total = 0;
  std::vector<char> buf(8192);
  for (ssize_t r = 0; (r = ::recv(fd, buf.data(), buf.size(), 0)) > 0;) total += static_cast<std::size_t>(r);
  return total;
}

class LiveLab {
 public:
  // The server listens for TCP on these ports.
  explicit LiveLab(std::vector<std::uint16_t> tcp_ports)
      : host_("h"), router_("r"), server_("s"), tcp_ports_(std::move(tcp_ports)) {}
  ~LiveLab() { stop_servers(); }
  LiveLab(const LiveLab&) = delete;
  LiveLab& operator=(const LiveLab&) = delete;

  // False (with the failing command in error()) when the lab cannot be built here.
  bool build() {
    if (!host_.ok() || !router_.ok() || !server_.ok()) return fail("ip netns add");
    const auto ip = [&](const std::string& args) { return sh("ip " + args); };
    const bool linked =
        ip("link add veth0 netns " + host_.name() + " type veth peer name eth0 netns " + router_.name()) &&
        ip("link add eth1 netns " + router_.name() + " type veth peer name eth0 netns " + server_.name()) &&
        ip("-n " + host_.name() + " addr add 10.77.1.2/24 dev veth0") &&
        ip("-n " + host_.name() + " link set veth0 up") &&
        ip("-n " + router_.name() + " addr add 10.77.1.1/24 dev eth0") &&
        ip("-n " + router_.name() + " link set eth0 up") &&
        ip("-n " + router_.name() + " addr add 10.77.2.1/24 dev eth1") &&
        ip("-n " + router_.name() + " link set eth1 up") &&
        ip("-n " + server_.name() + " addr add 10.77.2.2/24 dev eth0") &&
        ip("-n " + server_.name() + " link set eth0 up") &&
        ip("-n " + host_.name() + " route add default via 10.77.1.1") &&
        ip("-n " + server_.name() + " route add default via 10.77.2.1");
    if (!linked) return false;
    for (int i = 0; i < 50; ++i) {  // links come up and ARP settles: poll, up to ~10 s
      if (run_ok(host_.exec("ping -c 1 -W 1 10.77.2.2"))) return start_servers();
      ::usleep(200'000);
    }
    return fail("the server does not answer ping from the host");
  }

  [[nodiscard]] const Netns& host() const { return host_; }
  [[nodiscard]] const std::string& error() const { return error_; }

  // count echo requests from the host to the server (a new ICMP flow each time: new identifier).
  bool ping(int count) const {
    return run_ok(host_.exec("ping -c " + std::to_string(count) + " -i 0.2 -W 1 " + std::string(kServerAddress)));
  }

  // One TCP connection from the host to the server's port: `send` bytes up, `reply` bytes down.
  // Returns the bytes received (reply on success).
  std::size_t tcp_exchange(std::uint16_t port, std::size_t send, std::size_t reply) const {
    return std::async(
               std::launch::async,
               [&] {
                 EnterNetns inside(host_.name());
                 Fd fd(::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0));
                 const sockaddr_in to = socket_address(kServerAddress, port);
                 if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&to), sizeof to) != 0) return std::size_t{0};
                 const std::uint64_t want = reply;
                 if (::send(fd.get(), &want, sizeof want, MSG_NOSIGNAL) != sizeof want || !send_all(fd.get(), send)) {
                   return std::size_t{0};
                 }
                 ::shutdown(fd.get(), SHUT_WR);
                 return drain(fd.get());
               })
        .get();
  }

  // count UDP datagrams of `size` bytes to the server's echo port; returns the echoes received.
  int udp_exchange(int count, std::size_t size) const {
    return std::async(std::launch::async,
                      [&] {
                        EnterNetns inside(host_.name());
                        Fd fd(::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
                        const sockaddr_in to = socket_address(kServerAddress, kUdpEchoPort);
                        std::vector<char> buf(std::max<std::size_t>(size, 1), 'u');
                        int echoed = 0;
                        for (int i = 0; i < count; ++i) {
                          ::sendto(fd.get(), buf.data(), size, 0, reinterpret_cast<const sockaddr*>(&to), sizeof to);
                          pollfd p{fd.get(), POLLIN, 0};
                          if (::poll(&p, 1, 1000) == 1 && ::recv(fd.get(), buf.data(), buf.size(), 0) >= 0) ++echoed;
                        }
                        return echoed;
                      })
        .get();
  }

 private:
  bool sh(const std::string& command) { return run_ok(command) || fail(command); }
  bool fail(const std::string& what) {
    error_ = what;
    return false;
  }

  bool start_servers() {
    std::promise<bool> started;
    auto ready = started.get_future();
    server_thread_ = std::thread([this, &started] { serve(started); });
    if (!ready.get()) return fail("cannot start the servers in " + server_.name());
    return true;
  }

  void serve(std::promise<bool>& started) {
    EnterNetns inside(server_.name());
    std::vector<pollfd> fds;
    std::vector<int> kinds;  // SOCK_STREAM or SOCK_DGRAM per fd
    auto open = [&](int type, std::uint16_t port) {
      const int fd = ::socket(AF_INET, type | SOCK_CLOEXEC, 0);
      const int one = 1;
      ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
      const sockaddr_in at = socket_address(kServerAddress, port);
      const bool ok = ::bind(fd, reinterpret_cast<const sockaddr*>(&at), sizeof at) == 0 &&
                      (type == SOCK_DGRAM || ::listen(fd, 16) == 0);
      fds.push_back({fd, POLLIN, 0});
      kinds.push_back(type);
      return ok;
    };
    bool ok = open(SOCK_DGRAM, kUdpEchoPort);
    for (const auto port : tcp_ports_) ok = open(SOCK_STREAM, port) && ok;
    started.set_value(ok);
    while (!stop_.load()) {
      if (::poll(fds.data(), fds.size(), 100) <= 0) continue;
      for (std::size_t i = 0; i < fds.size(); ++i) {
        if ((fds[i].revents & POLLIN) == 0) continue;
        if (kinds[i] == SOCK_DGRAM) {
          echo_datagram(fds[i].fd);
        } else {
          answer(fds[i].fd);
        }
      }
    }
    for (const auto& p : fds) ::close(p.fd);
  }

  static void echo_datagram(int fd) {
    std::vector<char> buf(65536);
    sockaddr_in from{};
    socklen_t len = sizeof from;
    const ssize_t n = ::recvfrom(fd, buf.data(), buf.size(), 0, reinterpret_cast<sockaddr*>(&from), &len);
    if (n >= 0) ::sendto(fd, buf.data(), static_cast<std::size_t>(n), 0, reinterpret_cast<sockaddr*>(&from), len);
  }

  static void answer(int listener) {
    Fd conn(::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC));
    if (conn.get() < 0) return;
    std::uint64_t want = 0;
    if (::recv(conn.get(), &want, sizeof want, MSG_WAITALL) != sizeof want) return;
    drain(conn.get());
    send_all(conn.get(), static_cast<std::size_t>(want));
  }

  void stop_servers() {
    stop_.store(true);
    if (server_thread_.joinable()) server_thread_.join();
  }

  Netns host_;
  Netns router_;
  Netns server_;
  std::vector<std::uint16_t> tcp_ports_;
  std::atomic<bool> stop_{false};
  std::thread server_thread_;
  std::string error_;
};

}  // namespace pt::ui::e2e

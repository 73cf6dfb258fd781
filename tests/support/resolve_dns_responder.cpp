#include "support/resolve_dns_responder.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <deque>
#include <stdexcept>

namespace pt::test {
namespace {

void put16(std::string& out, unsigned v) {
  out += static_cast<char>((v >> 8U) & 0xFFU);
  out += static_cast<char>(v & 0xFFU);
}

std::string encode_name(const std::string& name) {
  std::string out;
  std::size_t start = 0;
  while (start < name.size()) {
    auto dot = name.find('.', start);
    if (dot == std::string::npos) dot = name.size();
    out += static_cast<char>(dot - start);
    out += name.substr(start, dot - start);
    start = dot + 1;
  }
  out += '\0';
  return out;
}

int bind_udp(std::uint16_t port, std::uint16_t& bound) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_port = htons(port);
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr*>(&sin), sizeof sin) != 0) {
    ::close(fd);
    throw std::runtime_error("bind udp");
  }
  socklen_t len = sizeof sin;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&sin), &len);
  bound = ntohs(sin.sin_port);
  return fd;
}

}  // namespace

std::uint16_t unused_udp_port() {
  std::uint16_t port = 0;
  ::close(bind_udp(0, port));
  return port;
}

DnsResponder::DnsResponder() {
  fd_ = bind_udp(0, port_);
  thread_ = std::thread([this] { run(); });
}

DnsResponder::~DnsResponder() {
  stop_.store(true);
  if (thread_.joinable()) thread_.join();
  ::close(fd_);
}

void DnsResponder::add_ptr(const std::string& qname, const std::string& target) {
  std::lock_guard lock(mutex_);
  ptr_[qname] = target;
}

std::string DnsResponder::answer(const std::string& query) {
  if (query.size() < 12) return {};
  // Question name: uncompressed labels right after the 12-byte header.
  std::string qname;
  std::size_t at = 12;
  while (at < query.size() && query[at] != '\0') {
    const auto len = static_cast<unsigned char>(query[at]);
    if (!qname.empty()) qname += '.';
    qname += query.substr(at + 1, len);
    at += 1U + len;
  }
  const std::size_t question_end = at + 5;  // zero byte + QTYPE + QCLASS
  if (question_end > query.size()) return {};
  std::string target;
  {
    std::lock_guard lock(mutex_);
    if (auto it = ptr_.find(qname); it != ptr_.end()) target = it->second;
  }
  std::string out = query.substr(0, 2);            // ID
  put16(out, target.empty() ? 0x8583U : 0x8580U);  // QR AA RD RA, RCODE 3 (NXDOMAIN) or 0
  put16(out, 1);
  put16(out, target.empty() ? 0 : 1);
  put16(out, 0);
  put16(out, 0);
  out += query.substr(12, question_end - 12);
  if (!target.empty()) {
    const std::string rdata = encode_name(target);
    put16(out, 0xC00CU);  // pointer to the question name
    put16(out, 12);       // PTR
    put16(out, 1);        // IN
    put16(out, 0);
    put16(out, 300);  // TTL
    put16(out, static_cast<unsigned>(rdata.size()));
    out += rdata;
  }
  return out;
}

void DnsResponder::run() {
  struct Pending {
    std::chrono::steady_clock::time_point due;
    std::string reply;
    sockaddr_in peer;
  };
  std::deque<Pending> pending;
  while (!stop_.load()) {
    pollfd pfd{fd_, POLLIN, 0};
    ::poll(&pfd, 1, 10);
    if ((pfd.revents & POLLIN) != 0) {
      char buf[1500];
      sockaddr_in peer{};
      socklen_t len = sizeof peer;
      const auto n = ::recvfrom(fd_, buf, sizeof buf, 0, reinterpret_cast<sockaddr*>(&peer), &len);
      if (n > 0) {
        ++queries_;
        const auto due = std::chrono::steady_clock::now() + std::chrono::milliseconds(delay_ms_.load());
        pending.push_back({due, answer(std::string(buf, static_cast<std::size_t>(n))), peer});
      }
    }
    const auto now = std::chrono::steady_clock::now();
    while (!pending.empty() && pending.front().due <= now) {
      const auto& p = pending.front();
      if (!p.reply.empty()) {
        ::sendto(fd_, p.reply.data(), p.reply.size(), 0, reinterpret_cast<const sockaddr*>(&p.peer), sizeof p.peer);
      }
      pending.pop_front();
    }
  }
}

}  // namespace pt::test

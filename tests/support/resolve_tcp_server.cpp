#include "support/resolve_tcp_server.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <stdexcept>

namespace pt::test {
namespace {

bool complete(const std::string& data, TcpServer::Framing framing) {
  if (framing == TcpServer::Framing::Line) return data.find('\n') != std::string::npos;
  const auto end = data.find("\r\n\r\n");
  if (end == std::string::npos) return false;
  std::size_t length = 0;
  for (const char* key : {"Content-Length:", "content-length:"}) {
    if (auto at = data.find(key); at != std::string::npos && at < end) {
      length = std::strtoul(data.c_str() + at + std::string(key).size(), nullptr, 10);
    }
  }
  return data.size() >= end + 4 + length;
}

}  // namespace

TcpServer::TcpServer(Framing framing, Handler handler) : framing_(framing), handler_(std::move(handler)) {
  listen_fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  const int one = 1;
  ::setsockopt(listen_fd_, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(listen_fd_, reinterpret_cast<sockaddr*>(&sin), sizeof sin) != 0 || ::listen(listen_fd_, 16) != 0) {
    throw std::runtime_error("tcp server: bind/listen");
  }
  socklen_t len = sizeof sin;
  ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&sin), &len);
  port_ = ntohs(sin.sin_port);
  acceptor_ = std::thread([this] { accept_loop(); });
}

TcpServer::~TcpServer() {
  stop_.store(true);
  if (acceptor_.joinable()) acceptor_.join();
  for (auto& t : workers_) t.join();
  ::close(listen_fd_);
}

std::vector<std::string> TcpServer::requests() const {
  std::lock_guard lock(mutex_);
  return requests_;
}

void TcpServer::accept_loop() {
  while (!stop_.load()) {
    pollfd pfd{listen_fd_, POLLIN, 0};
    if (::poll(&pfd, 1, 20) <= 0) continue;
    const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) continue;
    std::lock_guard lock(mutex_);
    workers_.emplace_back([this, fd] { serve(fd); });
  }
}

void TcpServer::serve(int fd) {
  std::string data;
  char buf[4096];
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (!complete(data, framing_) && std::chrono::steady_clock::now() < deadline && !stop_.load()) {
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, 20) <= 0) continue;
    const auto n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    data.append(buf, static_cast<std::size_t>(n));
  }
  {
    std::lock_guard lock(mutex_);
    requests_.push_back(data);
  }
  const TcpReply reply = handler_(data);
  const auto hang_until = std::chrono::steady_clock::now() + reply.hang;
  while (std::chrono::steady_clock::now() < hang_until && !stop_.load()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::size_t sent = 0;
  while (sent < reply.body.size()) {
    const auto n = ::send(fd, reply.body.data() + sent, reply.body.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<std::size_t>(n);
  }
  ::close(fd);
}

std::string http_response(const std::string& status, const std::string& headers, const std::string& body) {
  return "HTTP/1.1 " + status +
         "\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: " + std::to_string(body.size()) +
         "\r\nConnection: close\r\n" + headers + "\r\n" + body;
}

std::string http_body(const std::string& request) {
  const auto end = request.find("\r\n\r\n");
  return end == std::string::npos ? std::string() : request.substr(end + 4);
}

}  // namespace pt::test

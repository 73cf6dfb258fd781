#include "resolve/whois_client.hpp"

#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <memory>

namespace pt::resolve {
namespace {

using Clock = std::chrono::steady_clock;

class Socket {
 public:
  explicit Socket(int fd) : fd_(fd) {}
  ~Socket() {
    if (fd_ >= 0) ::close(fd_);
  }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;
  [[nodiscard]] int fd() const { return fd_; }

 private:
  int fd_;
};

int remaining_ms(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left < 0 ? 0 : static_cast<int>(left);
}

// poll() in slices of at most 100 ms so a cancel flag is seen promptly. >0 ready, 0 timeout/cancel.
int wait_for(int fd, short events, Clock::time_point deadline, const std::atomic<bool>* cancel) {
  while (true) {
    if (cancel != nullptr && cancel->load()) return 0;
    const int left = remaining_ms(deadline);
    pollfd pfd{fd, events, 0};
    const int ready = ::poll(&pfd, 1, left < 100 ? left : 100);
    if (ready != 0 || left <= 100) return ready;
  }
}

// Non-blocking connect bounded by the timeout; the socket stays non-blocking.
FailureReason connect_within(const Socket& s, const addrinfo& ai, const WhoisLimits& limits) {
  ::fcntl(s.fd(), F_SETFL, ::fcntl(s.fd(), F_GETFL) | O_NONBLOCK);
  if (::connect(s.fd(), ai.ai_addr, ai.ai_addrlen) == 0) return FailureReason::None;
  if (errno != EINPROGRESS) return FailureReason::Unreachable;
  if (wait_for(s.fd(), POLLOUT, Clock::now() + limits.connect_timeout, limits.cancel) <= 0) {
    return FailureReason::Timeout;
  }
  int error = 0;
  socklen_t len = sizeof error;
  ::getsockopt(s.fd(), SOL_SOCKET, SO_ERROR, &error, &len);
  return error == 0 ? FailureReason::None : FailureReason::Unreachable;
}

bool send_all(const Socket& s, std::string_view data, Clock::time_point deadline, const std::atomic<bool>* cancel) {
  while (!data.empty()) {
    const auto n = ::send(s.fd(), data.data(), data.size(), MSG_NOSIGNAL);
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) return false;
    if (wait_for(s.fd(), POLLOUT, deadline, cancel) <= 0) return false;
  }
  return true;
}

WhoisFetch exchange(const Socket& s, std::string_view query, const WhoisLimits& limits) {
  const auto deadline = Clock::now() + limits.read_timeout;
  std::string request(query);
  request += "\r\n";
  if (!send_all(s, request, deadline, limits.cancel)) return {FailureReason::Unreachable, {}};
  WhoisFetch fetch;
  char buf[4096];
  while (true) {
    if (wait_for(s.fd(), POLLIN, deadline, limits.cancel) <= 0) return {FailureReason::Timeout, std::move(fetch.text)};
    const auto n = ::recv(s.fd(), buf, sizeof buf, 0);
    if (n == 0) return fetch;  // the server closes when done (RFC 3912 §2)
    if (n < 0) {
      if (errno == EAGAIN || errno == EINTR) continue;
      return {FailureReason::Unreachable, std::move(fetch.text)};
    }
    fetch.text.append(buf, static_cast<std::size_t>(n));
    if (fetch.text.size() > limits.max_answer_bytes) {
      fetch.text.resize(limits.max_answer_bytes);
      fetch.failure = FailureReason::TooLarge;
      return fetch;
    }
  }
}

}  // namespace

WhoisFetch whois_fetch(const std::string& host, std::uint16_t port, std::string_view query, const WhoisLimits& limits) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  addrinfo* found = nullptr;
  const std::string service = std::to_string(port);
  if (::getaddrinfo(host.c_str(), service.c_str(), &hints, &found) != 0 || found == nullptr) {
    return {FailureReason::Unreachable, {}};
  }
  std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> list(found, ::freeaddrinfo);
  FailureReason last = FailureReason::Unreachable;
  for (const addrinfo* ai = list.get(); ai != nullptr; ai = ai->ai_next) {
    Socket s(::socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC, ai->ai_protocol));
    if (s.fd() < 0) continue;
    last = connect_within(s, *ai, limits);
    if (last != FailureReason::None) continue;
    return exchange(s, query, limits);
  }
  return {last, {}};
}

}  // namespace pt::resolve

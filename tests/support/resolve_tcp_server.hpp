#pragma once
// A scripted TCP server on 127.0.0.1 (ephemeral port) for resolver tests: the fake WHOIS
// registries (IANA referral, RIR answers, loops, oversized answers, a peer that never answers)
// and the fake ip-api HTTP endpoint. Each connection gets its own thread; the handler sees the
// request and says what to send back.

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace pt::test {

struct TcpReply {
  std::string body;
  std::chrono::milliseconds hang{0};  // hold the connection open this long before answering
};

class TcpServer {
 public:
  enum class Framing : std::uint8_t { Line, Http };  // WHOIS: one CRLF line; HTTP: headers + body
  using Handler = std::function<TcpReply(const std::string& request)>;

  TcpServer(Framing framing, Handler handler);
  ~TcpServer();
  TcpServer(const TcpServer&) = delete;
  TcpServer& operator=(const TcpServer&) = delete;

  [[nodiscard]] std::uint16_t port() const { return port_; }
  [[nodiscard]] std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  [[nodiscard]] std::vector<std::string> requests() const;

 private:
  void accept_loop();
  void serve(int fd);

  Framing framing_;
  Handler handler_;
  int listen_fd_ = -1;
  std::uint16_t port_ = 0;
  std::atomic<bool> stop_{false};
  mutable std::mutex mutex_;
  std::vector<std::string> requests_;
  std::vector<std::thread> workers_;
  std::thread acceptor_;
};

// An HTTP/1.1 response with the given status line tail ("200 OK"), extra header lines and body.
std::string http_response(const std::string& status, const std::string& headers, const std::string& body);
// The body of an HTTP request (after the blank line).
std::string http_body(const std::string& request);

}  // namespace pt::test

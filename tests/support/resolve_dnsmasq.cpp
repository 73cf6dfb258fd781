#include "support/resolve_dnsmasq.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <filesystem>
#include <thread>

#include "support/resolve_dns_responder.hpp"

namespace pt::test {
namespace {

std::string dnsmasq_path() {
  for (const char* p : {"/usr/sbin/dnsmasq", "/usr/bin/dnsmasq", "/sbin/dnsmasq"}) {
    if (::access(p, X_OK) == 0) return p;
  }
  return {};
}

// True once something holds the UDP port on 127.0.0.1 (dnsmasq bound it).
bool port_taken(std::uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
  sockaddr_in sin{};
  sin.sin_family = AF_INET;
  sin.sin_port = htons(port);
  sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  const bool taken = ::bind(fd, reinterpret_cast<sockaddr*>(&sin), sizeof sin) != 0 && errno == EADDRINUSE;
  ::close(fd);
  return taken;
}

}  // namespace

bool Dnsmasq::available() { return !dnsmasq_path().empty(); }

Dnsmasq::Dnsmasq(const std::vector<std::string>& records, std::chrono::milliseconds start_timeout) {
  const std::string binary = dnsmasq_path();
  if (binary.empty()) {
    error_ = "dnsmasq not found (Debian package dnsmasq-base, scripts/install-deps.sh)";
    return;
  }
  port_ = unused_udp_port();
  std::vector<std::string> args = {binary, "--keep-in-foreground", "--port=" + std::to_string(port_),
                                   "--listen-address=127.0.0.1", "--bind-interfaces", "--no-resolv", "--no-hosts",
                                   "--pid-file=", "--log-facility=/dev/null",
                                   // No privilege drop: a loopback test server, and it then works
                                   // even where the package's "dnsmasq" user is missing.
                                   "--user=root", "--local=/in-addr.arpa/", "--local=/ip6.arpa/", "--local=/test/"};
  args.insert(args.end(), records.begin(), records.end());
  // A small sh keeps dnsmasq on a leash: it kills dnsmasq when our end of a pipe closes, which
  // happens in the destructor and also when the test process dies (abort, sanitizer halt, kill -9),
  // so no dnsmasq outlives its test. It exits when dnsmasq does, so a failed start is seen.
  std::vector<std::string> shell = {"/bin/sh", "-c",
                                    "\"$@\" 3<&- & pid=$!; (read _ <&3; kill $pid 2>/dev/null) & wait $pid", "sh"};
  args.insert(args.begin(), shell.begin(), shell.end());
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  int leash[2] = {-1, -1};
  if (::pipe2(leash, O_CLOEXEC) != 0) {
    error_ = "pipe failed";
    return;
  }
  pid_ = ::fork();
  if (pid_ == 0) {
    if (leash[0] == 3) {
      ::fcntl(3, F_SETFD, 0);  // already fd 3: only clear close-on-exec
    } else {
      ::dup2(leash[0], 3);  // dup2 clears close-on-exec on the copy
    }
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(leash[0]);
  leash_fd_ = leash[1];
  const auto deadline = std::chrono::steady_clock::now() + start_timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      error_ = "dnsmasq exited at start (status " + std::to_string(status) + ")";
      return;
    }
    if (port_taken(port_)) return;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  error_ = "dnsmasq did not bind 127.0.0.1:" + std::to_string(port_) + " in time";
}

Dnsmasq::~Dnsmasq() {
  if (leash_fd_ >= 0) ::close(leash_fd_);  // the shell kills dnsmasq and exits
  if (pid_ <= 0) return;
  int status = 0;
  ::waitpid(pid_, &status, 0);
}

}  // namespace pt::test

#include "resolve/reverse_dns.hpp"

#include <ares.h>
#include <arpa/nameser.h>
#include <netdb.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <optional>
#include <vector>

#include "util/log.hpp"

namespace pt::resolve {

struct ReverseDns::Channel {
  ares_channel handle = nullptr;
};

namespace {

struct Query {
  ReverseDns* owner;
  util::IpAddress address;
  const ReverseDns::Callback* callback;
  std::atomic<std::uint64_t>* completed;
  std::atomic<std::size_t>* in_flight;
};

FailureReason reason_of(int status) {
  switch (status) {
    case ARES_SUCCESS: return FailureReason::None;
    case ARES_ENOTFOUND:  // NXDOMAIN (RFC 1035 §4.1.1 RCODE 3)
    case ARES_ENODATA:    // the name exists but has no PTR (NODATA, RFC 2308 §2.2)
      return FailureReason::NoRecord;
    case ARES_ETIMEOUT: return FailureReason::Timeout;
    case ARES_ECONNREFUSED: return FailureReason::Unreachable;
    default: return FailureReason::ServerFailure;  // SERVFAIL, REFUSED, FORMERR, bad response
  }
}

std::uint16_t read16(const unsigned char* p) { return static_cast<std::uint16_t>((p[0] << 8U) | p[1]); }

// c-ares 1.18 refuses PTR targets that are not valid host names (control bytes, escape
// sequences). The name is still worth showing once sanitized, so walk the answer section
// (RFC 1035 §4.1.3) with ares_expand_name, which bounds-checks and escapes odd bytes as \DDD.
std::optional<std::string> lenient_ptr_target(const unsigned char* abuf, int alen) {
  if (alen < 12) return std::nullopt;
  const unsigned qdcount = read16(abuf + 4);
  const unsigned ancount = read16(abuf + 6);
  const unsigned char* at = abuf + 12;
  const unsigned char* end = abuf + alen;
  auto skip_name = [&]() -> bool {
    char* name = nullptr;
    long len = 0;
    if (ares_expand_name(at, abuf, alen, &name, &len) != ARES_SUCCESS) return false;
    ares_free_string(name);
    at += len;
    return at <= end;
  };
  for (unsigned i = 0; i < qdcount; ++i) {
    if (!skip_name() || end - at < 4) return std::nullopt;
    at += 4;
  }
  for (unsigned i = 0; i < ancount; ++i) {
    if (!skip_name() || end - at < 10) return std::nullopt;
    const unsigned type = read16(at);
    const unsigned rdlength = read16(at + 8);
    at += 10;
    if (end - at < static_cast<long>(rdlength)) return std::nullopt;
    if (type == ns_t_ptr) {
      char* name = nullptr;
      long len = 0;
      if (ares_expand_name(at, abuf, alen, &name, &len) != ARES_SUCCESS) return std::nullopt;
      std::string target(name);
      ares_free_string(name);
      return target;
    }
    at += rdlength;
  }
  return std::nullopt;
}

void on_answer(void* arg, int status, int /*timeouts*/, unsigned char* abuf, int alen) {
  std::unique_ptr<Query> query(static_cast<Query*>(arg));
  query->in_flight->fetch_sub(1);
  if (status == ARES_EDESTRUCTION || status == ARES_ECANCELLED) return;  // shutting down
  PtrResult result{.address = query->address, .failure = reason_of(status), .name = {}};
  if (status == ARES_SUCCESS) {
    hostent* host = nullptr;
    const auto bytes = query->address.bytes();
    const int family = query->address.is_v4() ? AF_INET : AF_INET6;
    const int parsed = ares_parse_ptr_reply(abuf, alen, bytes.data(), static_cast<int>(bytes.size()), family, &host);
    if (parsed == ARES_SUCCESS && host != nullptr && host->h_name != nullptr) {
      result.name = host->h_name;
    } else if (auto lenient = lenient_ptr_target(abuf, alen)) {
      result.name = std::move(*lenient);  // the caller sanitizes it like every network string
    } else {
      result.failure = parsed == ARES_ENODATA ? FailureReason::NoRecord : FailureReason::ServerFailure;
    }
    if (host != nullptr) ares_free_hostent(host);
  }
  query->completed->fetch_add(1);
  (*query->callback)(result);
}

}  // namespace

ReverseDns::ReverseDns(const ReverseDnsConfig& config, Callback on_result)
    : config_(config),
      on_result_(std::move(on_result)),
      channel_(std::make_unique<Channel>()),
      queue_(config.queue_capacity) {
  if (const int rc = ares_library_init(ARES_LIB_INIT_ALL); rc != ARES_SUCCESS) {
    throw ResolveError(ResolveError::Kind::Init, std::string("c-ares init: ") + ares_strerror(rc));
  }
  ares_options options{};
  options.timeout = static_cast<int>(config.timeout.count());
  options.tries = std::max(1, config.tries);
  if (const int rc = ares_init_options(&channel_->handle, &options, ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES);
      rc != ARES_SUCCESS) {
    ares_library_cleanup();
    throw ResolveError(ResolveError::Kind::Init, std::string("c-ares channel: ") + ares_strerror(rc));
  }
  if (!config.servers.empty()) {
    if (const int rc = ares_set_servers_ports_csv(channel_->handle, config.servers.c_str()); rc != ARES_SUCCESS) {
      ares_destroy(channel_->handle);
      ares_library_cleanup();
      throw ResolveError(ResolveError::Kind::BadServers,
                         "DNS servers \"" + config.servers + "\": " + ares_strerror(rc));
    }
  }
  wake_fd_ = ::eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  thread_ = std::thread([this] { run(); });
}

ReverseDns::~ReverseDns() {
  stop();
  ares_destroy(channel_->handle);  // outstanding callbacks run with ARES_EDESTRUCTION and free their Query
  ares_library_cleanup();
  if (wake_fd_ >= 0) ::close(wake_fd_);
}

bool ReverseDns::submit(const util::IpAddress& address) {
  if (stopping_.load() || !queue_.try_push(address)) return false;
  submitted_.fetch_add(1);
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto n = ::write(wake_fd_, &one, sizeof one);
  return true;
}

void ReverseDns::stop() {
  if (stopping_.exchange(true)) {
    if (thread_.joinable()) thread_.join();
    return;
  }
  queue_.close();
  const std::uint64_t one = 1;
  [[maybe_unused]] const auto n = ::write(wake_fd_, &one, sizeof one);
  if (thread_.joinable()) thread_.join();
}

ReverseDnsStats ReverseDns::stats() const {
  return {.submitted = submitted_.load(),
          .completed = completed_.load(),
          .dropped = queue_.dropped(),
          .queued = queue_.size(),
          .in_flight = in_flight_.load()};
}

void ReverseDns::launch_queued() {
  std::vector<util::IpAddress> batch;
  const std::size_t room = config_.max_in_flight > in_flight_.load() ? config_.max_in_flight - in_flight_.load() : 0;
  queue_.drain(batch, room);
  for (const auto& address : batch) {
    const std::string name = address.reverse_dns_name();
    auto* query = new Query{this, address, &on_result_, &completed_, &in_flight_};
    in_flight_.fetch_add(1);
    // RFC 1035 §3.5 (in-addr.arpa) and RFC 3596 §2.5 (ip6.arpa) PTR names.
    ares_query(channel_->handle, name.c_str(), ns_c_in, ns_t_ptr, on_answer, query);
  }
}

void ReverseDns::run() {
  spdlog::debug("reverse dns: thread started (servers: {})", config_.servers.empty() ? "resolv.conf" : config_.servers);
  while (!stopping_.load()) {
    launch_queued();
    std::array<ares_socket_t, ARES_GETSOCK_MAXNUM> socks{};
    const int bits = ares_getsock(channel_->handle, socks.data(), ARES_GETSOCK_MAXNUM);
    std::array<pollfd, ARES_GETSOCK_MAXNUM + 1> fds{};
    nfds_t count = 0;
    fds[count++] = {wake_fd_, POLLIN, 0};
    for (int i = 0; i < ARES_GETSOCK_MAXNUM; ++i) {
      short events = 0;
      if (ARES_GETSOCK_READABLE(bits, i)) events |= POLLIN;
      if (ARES_GETSOCK_WRITABLE(bits, i)) events |= POLLOUT;
      if (events != 0) fds[count++] = {socks[static_cast<std::size_t>(i)], events, 0};
    }
    timeval max_wait{0, 200000};
    timeval tv{};
    const timeval* wait = ares_timeout(channel_->handle, &max_wait, &tv);
    const int wait_ms = static_cast<int>(wait->tv_sec * 1000 + wait->tv_usec / 1000) + 1;
    ::poll(fds.data(), count, wait_ms);
    if ((fds[0].revents & POLLIN) != 0) {
      std::uint64_t drained = 0;
      [[maybe_unused]] const auto n = ::read(wake_fd_, &drained, sizeof drained);
    }
    for (nfds_t i = 1; i < count; ++i) {
      const bool readable = (fds[i].revents & (POLLIN | POLLERR | POLLHUP)) != 0;
      const bool writable = (fds[i].revents & POLLOUT) != 0;
      if (readable || writable) {
        ares_process_fd(channel_->handle, readable ? fds[i].fd : ARES_SOCKET_BAD,
                        writable ? fds[i].fd : ARES_SOCKET_BAD);
      }
    }
    ares_process_fd(channel_->handle, ARES_SOCKET_BAD, ARES_SOCKET_BAD);  // timeouts
  }
  spdlog::debug("reverse dns: thread stopped");
}

}  // namespace pt::resolve

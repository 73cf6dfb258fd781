#include "support/process_runner.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

extern char** environ;  // NOLINT: the POSIX interface to the environment

namespace pt::test {
namespace {

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

}  // namespace

std::string ProcessResult::status() const {
  if (timed_out) return "timed out";
  if (term_signal != 0) return "signal " + std::to_string(term_signal);
  return "exit " + std::to_string(exit_code);
}

std::string find_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return ::access(name.c_str(), X_OK) == 0 ? name : std::string();
  std::string path = std::getenv("PATH") != nullptr ? std::getenv("PATH") : "";
  path += ":/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
  std::stringstream dirs(path);
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;
    const std::string candidate = dir + "/" + name;
    struct stat st {};
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return {};
}

Process::Process(std::vector<std::string> argv) : argv_(std::move(argv)) {
  if (argv_.empty()) throw std::runtime_error("Process: empty command line");
  const std::string program = find_program(argv_[0]);
  if (program.empty()) throw std::runtime_error("Process: '" + argv_[0] + "' not found in PATH");
  int out_pipe[2] = {-1, -1};
  int err_pipe[2] = {-1, -1};
  if (::pipe2(out_pipe, O_CLOEXEC) != 0 || ::pipe2(err_pipe, O_CLOEXEC) != 0) {
    throw std::runtime_error(std::string("Process: pipe: ") + std::strerror(errno));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, STDIN_FILENO, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_adddup2(&actions, out_pipe[1], STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(&actions, err_pipe[1], STDERR_FILENO);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  // Its own process group; default signal dispositions (gtest may ignore some) and an empty mask.
  sigset_t all;
  sigset_t none;
  sigfillset(&all);
  sigemptyset(&none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
  std::vector<char*> args;
  for (auto& a : argv_) args.push_back(a.data());
  args.push_back(nullptr);
  const int rc = ::posix_spawn(&pid_, program.c_str(), &actions, &attr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  posix_spawnattr_destroy(&attr);
  ::close(out_pipe[1]);
  ::close(err_pipe[1]);
  out_fd_ = out_pipe[0];
  err_fd_ = err_pipe[0];
  if (rc != 0) {
    close_fd(out_fd_);
    close_fd(err_fd_);
    throw std::runtime_error("Process: cannot start " + program + ": " + std::strerror(rc));
  }
  stop_fd_ = ::eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  reader_ = std::thread([this] { read_output(); });
}

Process::~Process() {
  if (!reaped_) {
    kill_group();
    reap(true);
  }
  stop_reader();
  close_fd(out_fd_);
  close_fd(err_fd_);
  close_fd(stop_fd_);
}

// Reads both pipes until both reach EOF, or until told to stop (the process is gone but a
// grandchild it left behind still holds a pipe open).
void Process::read_output() {
  std::array<char, 65536> buffer{};
  bool out_open = true;
  bool err_open = true;
  while (out_open || err_open) {
    std::array<pollfd, 3> fds{pollfd{out_open ? out_fd_ : -1, POLLIN, 0}, pollfd{err_open ? err_fd_ : -1, POLLIN, 0},
                              pollfd{stop_fd_, POLLIN, 0}};
    if (::poll(fds.data(), fds.size(), 1000) < 0 && errno != EINTR) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[static_cast<std::size_t>(i)].revents == 0) continue;
      const ssize_t n = ::read(i == 0 ? out_fd_ : err_fd_, buffer.data(), buffer.size());
      if (n <= 0) {
        (i == 0 ? out_open : err_open) = false;
        continue;
      }
      std::lock_guard lock(mutex_);
      (i == 0 ? out_ : err_).append(buffer.data(), static_cast<std::size_t>(n));
    }
    if (fds[2].revents != 0) {
      // Drain what is already buffered, then stop.
      for (int fd : {out_open ? out_fd_ : -1, err_open ? err_fd_ : -1}) {
        if (fd < 0) continue;
        ::fcntl(fd, F_SETFL, O_NONBLOCK);
        ssize_t n = 0;
        while ((n = ::read(fd, buffer.data(), buffer.size())) > 0) {
          std::lock_guard lock(mutex_);
          (fd == out_fd_ ? out_ : err_).append(buffer.data(), static_cast<std::size_t>(n));
        }
      }
      break;
    }
  }
  reader_done_.store(true);
}

bool Process::reap(bool block) {
  if (reaped_) return true;
  int status = 0;
  const pid_t r = ::waitpid(pid_, &status, block ? 0 : WNOHANG);
  if (r == pid_) {
    reaped_ = true;
    wait_status_ = status;
    return true;
  }
  if (r < 0 && errno == ECHILD) {
    reaped_ = true;
    return true;
  }
  return false;
}

void Process::kill_group() {
  if (pid_ > 0) ::kill(-pid_, SIGKILL);
}

bool Process::running() { return !reap(false); }

void Process::signal(int signo) const {
  if (!reaped_ && pid_ > 0) ::kill(pid_, signo);
}

ProcessResult Process::wait(std::chrono::milliseconds timeout) {
  ProcessResult result;
  if (!wait_until([this] { return reap(false); }, timeout, std::chrono::milliseconds(10))) {
    result.timed_out = true;
    kill_group();
    reap(true);
  }
  // Output written just before the exit is still in the pipes: the reader gets it up to EOF,
  // unless a helper the process left behind keeps a pipe open; then the group goes too.
  if (!wait_until([this] { return reader_done_.load(); }, std::chrono::seconds(5))) kill_group();
  stop_reader();
  if (!result.timed_out) {
    if (WIFEXITED(wait_status_)) result.exit_code = WEXITSTATUS(wait_status_);
    if (WIFSIGNALED(wait_status_)) result.term_signal = WTERMSIG(wait_status_);
  }
  std::lock_guard lock(mutex_);
  result.out = out_;
  result.err = err_;
  return result;
}

void Process::stop_reader() {
  if (stop_fd_ >= 0) {
    const std::uint64_t one = 1;
    [[maybe_unused]] const auto n = ::write(stop_fd_, &one, sizeof one);
  }
  if (reader_.joinable()) reader_.join();
}

std::string Process::out_so_far() const {
  std::lock_guard lock(mutex_);
  return out_;
}

std::string Process::err_so_far() const {
  std::lock_guard lock(mutex_);
  return err_;
}

std::string Process::command_line() const {
  std::string text;
  for (const auto& a : argv_) text += (text.empty() ? "" : " ") + a;
  return text;
}

ProcessResult run_process(const std::vector<std::string>& argv, std::chrono::milliseconds timeout) {
  Process p(argv);
  return p.wait(timeout);
}

bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                std::chrono::milliseconds interval) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (;;) {
    if (condition()) return true;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    std::this_thread::sleep_for(interval);
  }
}

bool waiting_in_poll(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/syscall");
  long number = -1;
  if (!(in >> number)) return false;
    // x86-64: poll 7, select 23, epoll_wait 232, pselect6 270, ppoll 271, epoll_pwait 281;
    // aarch64 (generic table): pselect6 72, ppoll 73, epoll_pwait 22.
#if defined(__x86_64__)
  return number == 7 || number == 23 || number == 232 || number == 270 || number == 271 || number == 281;
#else
  return number == 72 || number == 73 || number == 22;
#endif
}

bool wait_until_idle(pid_t pid, std::chrono::milliseconds timeout, int samples, std::chrono::milliseconds spacing) {
  int seen = 0;
  return wait_until(
      [&] {
        seen = waiting_in_poll(pid) ? seen + 1 : 0;
        return seen >= samples;
      },
      timeout, spacing);
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::size_t pos = 0;
  while (pos < text.size()) {
    auto end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    lines.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return lines;
}

}  // namespace pt::test

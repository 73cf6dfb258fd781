#pragma once
// Runs real programs for the system tests: the packettracer binary, nmap, curl, servers. Each
// child gets its own process group (so a server's helpers die with it), stdin from /dev/null,
// and its stdout and stderr collected in memory by a reader thread. A Process still running
// when it goes out of scope is killed (SIGKILL to its group) and reaped, so a failing test never
// leaves a capture or a server behind.

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace pt::test {

struct ProcessResult {
  int exit_code = -1;      // when the process exited normally
  int term_signal = 0;     // when a signal ended it
  bool timed_out = false;  // the wait gave up; the process was killed
  std::string out;
  std::string err;

  [[nodiscard]] bool exited(int code) const { return !timed_out && term_signal == 0 && exit_code == code; }
  // "exit 1", "signal 9", "timed out": for assertion messages.
  [[nodiscard]] std::string status() const;
};

class Process {
 public:
  // Starts argv[0] (looked up in PATH) with argv; throws std::runtime_error when it cannot start.
  explicit Process(std::vector<std::string> argv);
  ~Process();
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  Process(Process&&) = delete;
  Process& operator=(Process&&) = delete;

  [[nodiscard]] pid_t pid() const { return pid_; }
  [[nodiscard]] bool running();
  // Sends a signal to the process itself (not its group): what a user's Ctrl-C or kill does.
  void signal(int signo) const;
  // Waits for the exit; on timeout kills the group, reaps it and sets timed_out.
  ProcessResult wait(std::chrono::milliseconds timeout);
  // What the process printed so far (it may still be running).
  [[nodiscard]] std::string out_so_far() const;
  [[nodiscard]] std::string err_so_far() const;
  [[nodiscard]] std::string command_line() const;

 private:
  void read_output();
  bool reap(bool block);
  void kill_group();
  void stop_reader();

  std::vector<std::string> argv_;
  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  int stop_fd_ = -1;  // eventfd: tells the reader to give up once the process is gone
  bool reaped_ = false;
  int wait_status_ = 0;
  mutable std::mutex mutex_;
  std::string out_;
  std::string err_;
  std::atomic<bool> reader_done_{false};
  std::thread reader_;
};

// Runs a program to completion (killed after `timeout`).
ProcessResult run_process(const std::vector<std::string>& argv,
                          std::chrono::milliseconds timeout = std::chrono::seconds(60));

// Polls `condition` every `interval` until it holds (true) or `timeout` passes (false).
bool wait_until(const std::function<bool()>& condition, std::chrono::milliseconds timeout,
                std::chrono::milliseconds interval = std::chrono::milliseconds(20));

// The absolute path of an executable found in PATH (or the standard sbin directories), or empty.
std::string find_program(const std::string& name);

// True when the main thread of `pid` is blocked in poll/ppoll/select/epoll_wait right now
// (/proc/PID/syscall): a capture loop waiting for packets has drained everything queued for it.
bool waiting_in_poll(pid_t pid);

// Waits until the main thread of `pid` is seen waiting in poll on `samples` consecutive looks
// spaced `spacing` apart: the process has caught up with its input.
bool wait_until_idle(pid_t pid, std::chrono::milliseconds timeout, int samples = 3,
                     std::chrono::milliseconds spacing = std::chrono::milliseconds(25));

// Lines of a text, without their newlines; a final line without newline counts.
std::vector<std::string> lines_of(const std::string& text);

}  // namespace pt::test

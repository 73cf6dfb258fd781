#pragma once
// The real packettracer binary (pt::test::binary_path()) as the system tests drive it: started
// with a log file in a scratch directory, optionally inside a network namespace or as another
// user (a wrapper command line in front), known to be capturing once its log says the source is
// open, stopped by the signal a user would send.

#include <chrono>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

#include "support/process_runner.hpp"

namespace pt::test {

// A fresh directory under the system temp dir, removed with everything in it.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& prefix);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  [[nodiscard]] const std::filesystem::path& path() const { return path_; }
  [[nodiscard]] std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// Empty when the binary exists and is executable, else why the test cannot run.
std::string packettracer_unavailable_reason();

// Runs packettracer to completion (no wrapper), e.g. for file and usage errors.
ProcessResult run_packettracer(const std::vector<std::string>& args,
                               std::chrono::milliseconds timeout = std::chrono::seconds(120));

class PacketTracerProcess {
 public:
  // Starts `wrapper... packettracer args... --log-file <dir>/packettracer.log`.
  PacketTracerProcess(const std::vector<std::string>& wrapper, const std::vector<std::string>& args,
                      const std::filesystem::path& dir);

  // The log says the capture source is open (a live capture sees every packet from now on).
  bool wait_capturing(std::chrono::milliseconds timeout = std::chrono::seconds(60));
  // The capture loop waits for packets: everything sent so far has been read.
  bool wait_idle(std::chrono::milliseconds timeout = std::chrono::seconds(30));
  // Sends `signo` (SIGINT: Ctrl-C) and waits for the report and the exit.
  ProcessResult stop(int signo, std::chrono::milliseconds timeout = std::chrono::seconds(60));
  ProcessResult wait(std::chrono::milliseconds timeout = std::chrono::seconds(120));

  [[nodiscard]] std::string log() const;
  [[nodiscard]] pid_t pid() const { return process_->pid(); }
  [[nodiscard]] std::string command_line() const { return process_->command_line(); }

 private:
  std::filesystem::path log_;
  std::unique_ptr<Process> process_;
};

}  // namespace pt::test

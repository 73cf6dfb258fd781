#include "support/process_packettracer.hpp"

#include <unistd.h>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/paths.hpp"

namespace pt::test {

ScratchDir::ScratchDir(const std::string& prefix) {
  std::string pattern = (std::filesystem::temp_directory_path() / (prefix + "-XXXXXX")).string();
  if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a directory like " + pattern);
  path_ = pattern;
}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

std::string packettracer_unavailable_reason() {
  const auto binary = binary_path();
  if (::access(binary.c_str(), X_OK) != 0) return "the packettracer binary is not built: " + binary.string();
  return {};
}

ProcessResult run_packettracer(const std::vector<std::string>& args, std::chrono::milliseconds timeout) {
  std::vector<std::string> argv{binary_path().string()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_process(argv, timeout);
}

PacketTracerProcess::PacketTracerProcess(const std::vector<std::string>& wrapper, const std::vector<std::string>& args,
                                         const std::filesystem::path& dir)
    : log_(dir / "packettracer.log") {
  std::vector<std::string> argv = wrapper;
  argv.push_back(binary_path().string());
  argv.insert(argv.end(), args.begin(), args.end());
  argv.insert(argv.end(), {"--log-file", log_.string()});
  process_ = std::make_unique<Process>(argv);
}

std::string PacketTracerProcess::log() const {
  std::ifstream in(log_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// report_command logs "report: reading <source>" once the pipeline has opened and activated the
// capture (filter applied); the log is flushed at least every second.
bool PacketTracerProcess::wait_capturing(std::chrono::milliseconds timeout) {
  return wait_until([&] { return !process_->running() || log().find("report: reading") != std::string::npos; }, timeout,
                    std::chrono::milliseconds(50)) &&
         process_->running();
}

bool PacketTracerProcess::wait_idle(std::chrono::milliseconds timeout) {
  return wait_until_idle(process_->pid(), timeout);
}

ProcessResult PacketTracerProcess::stop(int signo, std::chrono::milliseconds timeout) {
  process_->signal(signo);
  return process_->wait(timeout);
}

ProcessResult PacketTracerProcess::wait(std::chrono::milliseconds timeout) { return process_->wait(timeout); }

}  // namespace pt::test

#include "util/log.hpp"

#include <spdlog/sinks/basic_file_sink.h>
#include <spdlog/sinks/null_sink.h>

#include <cstdlib>
#include <system_error>

namespace pt::util {

std::string init_file_log(const std::filesystem::path& path, spdlog::level::level_enum level) {
  std::error_code ec;
  if (path.has_parent_path()) std::filesystem::create_directories(path.parent_path(), ec);
  try {
    spdlog::drop("packettracer");  // the discarding logger of the same name, if any
    auto logger = spdlog::basic_logger_mt("packettracer", path.string());
    logger->set_level(level);
    logger->flush_on(spdlog::level::warn);
    logger->set_pattern("%Y-%m-%d %H:%M:%S.%e %-5l [%t] %v");
    spdlog::set_default_logger(logger);
    spdlog::flush_every(std::chrono::seconds(1));
    return {};
  } catch (const spdlog::spdlog_ex& e) {
    discard_log();
    return e.what();
  }
}

void discard_log() {
  spdlog::drop("packettracer");
  spdlog::set_default_logger(
      std::make_shared<spdlog::logger>("packettracer", std::make_shared<spdlog::sinks::null_sink_mt>()));
}

std::filesystem::path default_state_dir() {
  if (const char* home = std::getenv("PACKETTRACER_HOME"); home != nullptr && *home != '\0') return home;
  // Under sudo, keep the invoking user's home so ./run.sh and a plain run share one database.
  if (const char* sudo_user = std::getenv("SUDO_USER"); sudo_user != nullptr && *sudo_user != '\0') {
    const auto candidate = std::filesystem::path("/home") / sudo_user;
    std::error_code ec;
    if (std::filesystem::is_directory(candidate, ec)) return candidate / ".packettracer";
  }
  if (const char* home = std::getenv("HOME"); home != nullptr && *home != '\0') {
    return std::filesystem::path(home) / ".packettracer";
  }
  return std::filesystem::path(".packettracer");
}

}  // namespace pt::util

#pragma once
// Logging goes to a file, never to the terminal (the dashboard owns it). Layers log through
// spdlog's default logger, which init_file_log points at the file.

#include <spdlog/spdlog.h>

#include <filesystem>
#include <string>

namespace pt::util {

// Sends all logging to path (parent directories created). Returns an error text, or empty.
// Before it is called, or if it fails, logging is discarded rather than printed.
std::string init_file_log(const std::filesystem::path& path, spdlog::level::level_enum level);
void discard_log();

// ~/.packettracer (or $PACKETTRACER_HOME), where the database and the log live by default.
std::filesystem::path default_state_dir();

}  // namespace pt::util

#pragma once
// Command-line parsing: argv -> a validated Config, or a message and an exit code
// (0 for --help/--version, 2 for usage errors).

#include <optional>
#include <string>

#include "app/config.hpp"

namespace pt::app {

struct ParseOutcome {
  std::optional<Config> config;  // set when the run should go ahead
  int exit_code = 0;             // otherwise: exit with this
  std::string output;            // printed to stdout (help, version)
  std::string error;             // printed to stderr (usage errors)
};

ParseOutcome parse_command_line(int argc, const char* const* argv);

}  // namespace pt::app

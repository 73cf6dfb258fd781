#pragma once

#include <ostream>

#include "app/config.hpp"

namespace pt::app {

// The default mode: the five-view dashboard over live traffic or a replay (which stays open at
// its end). Returns 0 on q/Ctrl-C, 1 when the terminal or the capture cannot be used or the
// database failed.
int dashboard_command(const Config& config, std::ostream& out, std::ostream& err);

// --simple: no keyboard; a plain-text summary every second (a replay prints its final summary
// and exits at its end).
int simple_command(const Config& config, std::ostream& out, std::ostream& err);

}  // namespace pt::app

#pragma once

#include <ostream>

#include "app/config.hpp"

namespace pt::app {

// `-r FILE --report text|json` and `-i IFACE --report ... [--duration S]`: runs the whole pipeline
// headless and prints one report on out. A source that fails midway (a file cut short) still
// gets its report of what was read, then one line on err and exit status 1.
int report_command(const Config& config, std::ostream& out, std::ostream& err);

}  // namespace pt::app

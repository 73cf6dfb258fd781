#pragma once

#include <ostream>

namespace pt::app {

// `--list`: capture interfaces with flags, description and addresses. Returns the exit status.
int list_interfaces_command(std::ostream& out, std::ostream& err);

}  // namespace pt::app

#pragma once

namespace pt::app {

// The whole program: parse, set up logging, run the chosen mode. Returns the exit status
// (0 ok, 1 runtime failure, 2 usage error).
int run(int argc, const char* const* argv);

}  // namespace pt::app

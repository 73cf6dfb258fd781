#pragma once
// Builds the capture source a Config asks for: a file, or the chosen (or default) interfaces.
// Throws capture::CaptureError with a message fit to show as is.

#include <memory>

#include "app/config.hpp"
#include "capture/source.hpp"

namespace pt::app {

std::unique_ptr<capture::Source> open_source(const Config& config);

}  // namespace pt::app

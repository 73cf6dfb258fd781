#pragma once

#include "app/config.hpp"
#include "engine/engine.hpp"

namespace pt::app {

// The engine's section of the configuration, in the engine's own terms.
engine::EngineConfig make_engine_config(const Config& config);

}  // namespace pt::app

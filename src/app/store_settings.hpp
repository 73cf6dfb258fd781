#pragma once
// The store's settings from the run's configuration (--db, --retention-days and the spec's
// DB_* values), shared by every command that opens the database: the pipeline, the one-shot
// trace report, `sessions` and `--session ID`.

#include "app/config.hpp"
#include "store/settings.hpp"

namespace pt::app {

store::StoreSettings make_store_settings(const Config& config);

}  // namespace pt::app

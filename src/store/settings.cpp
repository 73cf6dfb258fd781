#include "store/settings.hpp"

#include "util/log.hpp"

namespace pt::store {

std::filesystem::path default_database_path() { return util::default_state_dir() / "data.db"; }

}  // namespace pt::store

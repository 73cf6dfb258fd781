#include "app/store_settings.hpp"

namespace pt::app {

store::StoreSettings make_store_settings(const Config& config) {
  const auto& s = config.store;
  store::StoreSettings settings;
  settings.path = s.path;
  settings.read_pool_size = s.read_pool_size;
  settings.write_batch_size = s.write_batch_size;
  settings.write_flush_interval = std::chrono::milliseconds(s.write_flush_ms);
  settings.geo_cache_ttl = std::chrono::seconds(static_cast<std::int64_t>(s.geo_cache_ttl_seconds));
  settings.dns_cache_ttl = std::chrono::seconds(static_cast<std::int64_t>(s.dns_cache_ttl_seconds));
  settings.session_retention = std::chrono::days(s.session_retention_days);
  return settings;
}

}  // namespace pt::app

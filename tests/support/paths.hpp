#pragma once
// Where tests find the source tree, the shared corpus and the packettracer binary: the
// PT_SOURCE_DIR / PT_SHARED_DIR / PT_BINARY environment variables when set, else the paths
// CMake compiled in.

#include <cstdlib>
#include <filesystem>
#include <string>

namespace pt::test {

inline std::filesystem::path env_or(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return (v != nullptr && *v != '\0') ? std::filesystem::path(v) : std::filesystem::path(fallback);
}
inline std::filesystem::path source_dir() { return env_or("PT_SOURCE_DIR", PT_TEST_SOURCE_DIR); }
inline std::filesystem::path shared_dir_path() { return env_or("PT_SHARED_DIR", PT_TEST_SHARED_DIR); }
inline std::filesystem::path binary_path() { return env_or("PT_BINARY", PT_TEST_BINARY); }

}  // namespace pt::test

#pragma once
// The shared capture corpus ($PT_SHARED_DIR/pcaps) and its reference outputs
// ($PT_SHARED_DIR/pcaps-reference), for the corpus suites.

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace pt::test {

// $PT_SHARED_DIR (or ../shared beside the source tree) when it holds pcaps/; nullopt otherwise.
std::optional<std::filesystem::path> shared_dir();

// Every capture under pcaps/ (relative paths, sorted), or those under one source directory.
std::vector<std::filesystem::path> corpus_captures(const std::filesystem::path& shared,
                                                   const std::string& only_source = {});

// pcaps-reference/<relative>.<suffix>, e.g. suffix "flows.json".
std::filesystem::path reference_file(const std::filesystem::path& shared, const std::filesystem::path& relative,
                                     const std::string& suffix);

}  // namespace pt::test

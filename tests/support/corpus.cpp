#include "support/corpus.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>

#include "support/paths.hpp"

namespace pt::test {

std::optional<std::filesystem::path> shared_dir() {
  const std::vector<std::filesystem::path> candidates{shared_dir_path(), source_dir() / ".." / "shared"};
  for (const auto& c : candidates) {
    std::error_code ec;
    if (std::filesystem::is_directory(c / "pcaps", ec)) return std::filesystem::weakly_canonical(c, ec);
  }
  return std::nullopt;
}

std::vector<std::filesystem::path> corpus_captures(const std::filesystem::path& shared, const std::string& only) {
  static constexpr std::array<std::string_view, 5> kNotCaptures{".out", ".md", ".txt", ".tsv", ".json"};
  const auto root = shared / "pcaps";
  std::vector<std::filesystem::path> out;
  const auto base = only.empty() ? root : root / only;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(base)) {
    if (!entry.is_regular_file()) continue;
    const auto name = entry.path().filename().string();
    const bool skip = std::any_of(kNotCaptures.begin(), kNotCaptures.end(),
                                  [&](std::string_view ext) { return name.ends_with(ext); });
    if (!skip) out.push_back(std::filesystem::relative(entry.path(), root));
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::filesystem::path reference_file(const std::filesystem::path& shared, const std::filesystem::path& relative,
                                     const std::string& suffix) {
  return shared / "pcaps-reference" / (relative.string() + "." + suffix);
}

}  // namespace pt::test

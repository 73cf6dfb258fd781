#pragma once
// Just enough JSON (RFC 8259) to read ip-api's batch answer: an array of objects whose members
// are strings, numbers, booleans or null. Nested arrays/objects are parsed and skipped. resolve
// links nothing but util and its C libraries, hence this small reader rather than a JSON library.

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace pt::resolve {

using JsonScalar = std::variant<std::monostate, bool, double, std::string>;
using JsonObject = std::map<std::string, JsonScalar>;

// nullopt when the text is not a JSON array of objects.
std::optional<std::vector<JsonObject>> parse_json_object_array(std::string_view text);

std::string json_string_or(const JsonObject& object, const std::string& key, std::string fallback = {});
std::optional<double> json_number(const JsonObject& object, const std::string& key);

}  // namespace pt::resolve

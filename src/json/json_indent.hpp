// Indenting compact JSON text without parsing it: the page that shows a user's GitHub profile
// needs the stored compact object laid out as RapidJSON's PrettyWriter would.
#pragma once

#include <string>
#include <string_view>

namespace orggate {

// `compact` must be valid JSON as RapidJSON's Writer writes it (no whitespace between tokens);
// the result is exactly what PrettyWriter with a two-space indent writes for the same value.
std::string indent_json(std::string_view compact);

}  // namespace orggate

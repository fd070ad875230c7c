// Small text helpers that HTTP's grammar needs in several places.
#pragma once

#include <string_view>

namespace orggate::http {

// `text` without leading and trailing spaces and tabs (HTTP's optional whitespace).
std::string_view trim_spaces(std::string_view text);
// Equal when compared ASCII letter case aside: header tokens, host names, GitHub logins.
bool equals_ignoring_case(std::string_view a, std::string_view b);

}  // namespace orggate::http

// The effective settings as text for `orggate check-config`, with secrets redacted.
#pragma once

#include <string>

#include "config/config.hpp"

namespace orggate {

// One "NAME = value" line per setting; secrets show only that they are set and their length.
std::string describe_config(const Config& config);

}  // namespace orggate

// Where the unit tests find the real templates: the repository's templates/ folder.
#pragma once

#include <cstdlib>
#include <string>

namespace orggate::testing {

// Tests run from the repository root (make unit / make check); ORGGATE_TEST_TEMPLATES overrides.
inline std::string template_dir() {
    const char* dir = std::getenv("ORGGATE_TEST_TEMPLATES");
    return dir != nullptr ? dir : "templates";
}

}  // namespace orggate::testing

// A one-time message shown on the next page, carried by the browser (see flash_jar.hpp).
#pragma once

#include <string>

namespace orggate::web {

// category is "message" (info) or "error" (warning). An optional link offers the next step
// (e.g. "Log in with another GitHub account").
struct Flash {
    std::string category;
    std::string text;
    std::string link_url = {};
    std::string link_text = {};
    bool operator==(const Flash& other) const {
        return category == other.category && text == other.text && link_url == other.link_url &&
               link_text == other.link_text;
    }
};

}  // namespace orggate::web

// The route table: every method + path orggate answers, in one place.
#pragma once

#include <string>
#include <string_view>

#include "web/request_context.hpp"

namespace orggate::web {

struct RouteMatch {
    Handler handler = nullptr;  // null: 404 when `allowed` is empty, else 405
    std::string allowed;        // "GET, HEAD, POST" for the Allow header
    bool calls_github = false;  // waits on GitHub: run off the page workers, in the GitHub lane
};

// HEAD is answered wherever GET is, except where GET has effects (the login callback).
RouteMatch match_route(std::string_view method, std::string_view path);

}  // namespace orggate::web

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
    // The route's own path ("/_orggate/check" for every rule under it), for metrics labels.
    std::string_view path;
    // False for the gate check: nginx would hand its Set-Cookie to nobody, and a cookie
    // cleared there would log the browser out behind the protected page's back.
    bool sets_cookies = true;
};

// HEAD is answered wherever GET is, except where GET has effects (the login callback). The
// gate's routes take any method (nginx passes the protected request's) and, for the check,
// any path that starts with its own (the rule, well-formed or not).
RouteMatch match_route(std::string_view method, std::string_view path);

}  // namespace orggate::web

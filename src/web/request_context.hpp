// What a handler gets: the request, its session, and the read-only parts of the app.
#pragma once

#include "config/config.hpp"
#include "http/request.hpp"
#include "http/response.hpp"
#include "web/request_session.hpp"
#include "web/views.hpp"

namespace orggate::web {

struct RequestContext {
    const http::Request& request;
    RequestSession& session;
    const Config& config;
    const Views& views;
};

using Handler = http::Response (*)(RequestContext&);

}  // namespace orggate::web

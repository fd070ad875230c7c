// /healthz for load balancers and monitors, /metrics for Prometheus.
#pragma once

#include "web/request_context.hpp"

namespace orggate::web {

// 200 "ok" when orggate can serve: templates are loaded (they are, or it would not have
// started) and the session folder takes writes; 503 with the reason otherwise.
http::Response handle_health(RequestContext& ctx);
http::Response handle_metrics(RequestContext& ctx);

}  // namespace orggate::web

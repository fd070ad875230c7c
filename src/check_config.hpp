// `orggate check-config [--online]`: validates what serving needs, prints PASS/FAIL lines.
#pragma once

#include "config/config.hpp"
#include "github/curl_http_client.hpp"

namespace orggate {

// Prints the effective settings (secrets redacted) and one PASS/FAIL line per check: the
// templates load, the session folder takes writes, and with `online` GitHub answers and
// knows the client id and secret. Returns the exit status: 0 all passed, 1 not.
int check_config(const Config& config, bool online, const github::CurlSettings& curl);

}  // namespace orggate

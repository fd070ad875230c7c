// The Content-Security-Policy of orggate's own responses, derived from where GitHub is.
#pragma once

#include <string>
#include <string_view>

namespace orggate::web {

// Scripts, frames and plugins none; styles only from this site; images from this site and
// GitHub's avatar host (github.com: avatars.githubusercontent.com; GitHub Enterprise Server:
// its own origin and its avatars. subdomain); forms may lead here and to GitHub. Built once at
// start-up from GITHUB_URL, so a GitHub Enterprise Server needs no CSP setting of its own.
std::string content_security_policy(std::string_view github_url);

}  // namespace orggate::web

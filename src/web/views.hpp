// Renders pages from templates/*.tpl (the only ctemplate code).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "session/user_profile.hpp"
#include "web/flash.hpp"

namespace ctemplate {
class TemplateCache;
}

namespace orggate::web {

enum class Page {
    kHome,
    kPage1,
    kPage2,
    kLogout,
    kNotFound,
    kMethodNotAllowed,
    kServerError,
    kBusy,          // 503: the GitHub lane is full
    kStorageError,  // 503: the session folder could not be read or written
    kDenied,        // 403: the gate refused a signed-in user a protected location
};

// What a page shows: plain data, filled by the handlers.
struct PageView {
    Page page = Page::kHome;
    const UserProfile* user = nullptr;  // logged-in user, if any
    std::string csrf_token;             // for the logout form
    std::vector<Flash> flashes;
    std::string org;
    // The "= {}" lets {page, user, ...} initializers leave them out without a warning.
    std::string denied_reason = {};  // kDenied: why ("not in team infra")
    std::string relogin_url = {};    // kDenied: /login with GitHub's account picker, back here
};

class Views {
public:
    // Parses every template once; throws std::runtime_error naming a missing or broken one.
    explicit Views(const std::string& template_dir);
    ~Views();
    Views(const Views&) = delete;
    Views& operator=(const Views&) = delete;

    // Thread-safe: the template cache is frozen after loading.
    std::string render(const PageView& view) const;

    // Every template file the views use, for checks and tests.
    static std::vector<std::string> template_names();

private:
    std::unique_ptr<ctemplate::TemplateCache> cache_;
};

}  // namespace orggate::web

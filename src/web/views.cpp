// ctemplate boundary: loads, freezes and expands the page templates.
#include "web/views.hpp"

#include <ctemplate/template.h>
#include <ctemplate/template_cache.h>

#include <stdexcept>

#include "http/query.hpp"

namespace orggate::web {
namespace {

constexpr const char* kLayout = "layout.tpl";
constexpr int kAvatarPixels = 30;

struct PageTemplate {
    Page page;
    const char* file;
    const char* title;
};

const PageTemplate kPages[] = {
    {Page::kHome, "home.tpl", "Home"},
    {Page::kPage1, "page1.tpl", "Page 1"},
    {Page::kPage2, "page2.tpl", "Page 2"},
    {Page::kLogout, "logout.tpl", "Log out"},
    {Page::kNotFound, "not_found.tpl", "Not found"},
    {Page::kMethodNotAllowed, "method_not_allowed.tpl", "Method not allowed"},
    {Page::kServerError, "server_error.tpl", "Something went wrong"},
    {Page::kBusy, "busy.tpl", "Too many logins"},
    {Page::kStorageError, "storage_error.tpl", "Storage problem"},
    {Page::kDenied, "denied.tpl", "Access denied"},
};

const PageTemplate& page_template(Page page) {
    for (const PageTemplate& entry : kPages) {
        if (entry.page == page) return entry;
    }
    throw std::logic_error("a page without a template");
}

void fill_user(ctemplate::TemplateDictionary& dict, const PageView& view) {
    if (view.user == nullptr) {
        dict.ShowSection("LOGGED_OUT");
        return;
    }
    const UserProfile& user = *view.user;
    ctemplate::TemplateDictionary* section = dict.AddSectionDictionary("LOGGED_IN");
    section->SetValue("AVATAR_URL",
                      http::append_param(user.avatar_url, "s", std::to_string(kAvatarPixels)));
    section->SetValue("NAME", user.name.value_or(user.login));
    section->SetValue("LOGIN", user.login);
    section->SetValue("CSRF_TOKEN", view.csrf_token);
}

void fill_flashes(ctemplate::TemplateDictionary& dict, const std::vector<Flash>& flashes) {
    for (const char* category : {"message", "error"}) {
        ctemplate::TemplateDictionary* box = nullptr;
        for (const Flash& flash : flashes) {
            if (flash.category != category) continue;
            if (box == nullptr) {
                box = dict.AddSectionDictionary(category == std::string("message") ? "MESSAGES"
                                                                                   : "ERRORS");
            }
            ctemplate::TemplateDictionary* item = box->AddSectionDictionary("ITEM");
            item->SetValue("TEXT", flash.text);
            if (!flash.link_url.empty()) {
                ctemplate::TemplateDictionary* link = item->AddSectionDictionary("LINK");
                link->SetValue("LINK_URL", flash.link_url);
                link->SetValue("LINK_TEXT", flash.link_text);
            }
        }
    }
}

// The page's own part; an include dictionary sees only what is set on it.
void fill_content(ctemplate::TemplateDictionary& content, const PageView& view, const char* file) {
    content.SetFilename(file);
    content.SetValue("ORG", view.org);
    if (view.page == Page::kPage1 && view.user != nullptr) {
        content.SetValueAndShowSection("USER_JSON", pretty_user_json(*view.user), "USER_DATA");
    }
    if (view.page == Page::kDenied) {
        content.SetValue("REASON", view.denied_reason);
        content.SetValue("RELOGIN_URL", view.relogin_url);
    }
    if (view.user != nullptr) {
        content.SetValueAndShowSection("CSRF_TOKEN", view.csrf_token, "LOGGED_IN");
    } else {
        content.ShowSection("LOGGED_OUT");
    }
}

}  // namespace

Views::Views(const std::string& template_dir)
    : cache_(std::make_unique<ctemplate::TemplateCache>()) {
    if (!cache_->SetTemplateRootDirectory(template_dir)) {
        throw std::runtime_error("cannot use the template folder " + template_dir);
    }
    for (const std::string& name : template_names()) {
        if (!cache_->LoadTemplate(name, ctemplate::STRIP_WHITESPACE)) {
            throw std::runtime_error("cannot load the template " + template_dir + "/" + name);
        }
    }
    cache_->Freeze();
}

Views::~Views() = default;

std::vector<std::string> Views::template_names() {
    std::vector<std::string> names{kLayout};
    for (const PageTemplate& entry : kPages)
        names.emplace_back(entry.file);
    return names;
}

std::string Views::render(const PageView& view) const {
    const PageTemplate& page = page_template(view.page);
    ctemplate::TemplateDictionary dict("page");
    dict.SetValue("TITLE", page.title);
    // The navbar marks where the visitor is, for screen readers and the eye.
    if (view.page == Page::kPage1) dict.ShowSection("ON_PAGE1");
    if (view.page == Page::kPage2) dict.ShowSection("ON_PAGE2");
    // Neither user nor Login link: the session could not be read, and a Login link would say
    // the visitor was logged out.
    if (view.page != Page::kStorageError) fill_user(dict, view);
    fill_flashes(dict, view.flashes);
    fill_content(*dict.AddIncludeDictionary("CONTENT"), view, page.file);
    std::string out;
    if (!cache_->ExpandNoLoad(kLayout, ctemplate::STRIP_WHITESPACE, &dict, nullptr, &out)) {
        throw std::runtime_error(std::string("cannot expand the template ") + page.file);
    }
    return out;
}

}  // namespace orggate::web

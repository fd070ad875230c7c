// Page rendering: the real templates, auto-escaped, with the navbar and flashes the tutorial has.
#include "web/views.hpp"

#include <boost/test/unit_test.hpp>
#include <fstream>
#include <sstream>

#include "support/template_dir.hpp"

using namespace orggate;
using namespace orggate::web;

namespace {

UserProfile octocat() {
    UserProfile user;
    user.login = "octocat";
    user.id = 1;
    user.name = "The Octocat";
    user.avatar_url = "https://avatars.githubusercontent.com/u/1?v=4";
    user.raw_json =
        R"({"login":"octocat","id":1,"name":"The Octocat","avatar_url":"https://avatars.githubusercontent.com/u/1?v=4"})";
    return user;
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

struct ViewsFixture {
    Views views{testing::template_dir()};
};

}  // namespace

BOOST_FIXTURE_TEST_SUITE(views, ViewsFixture)

BOOST_AUTO_TEST_CASE(every_template_escapes_html_by_default) {
    for (const std::string& name : Views::template_names()) {
        std::ifstream file(testing::template_dir() + "/" + name);
        std::stringstream text;
        text << file.rdbuf();
        BOOST_TEST(text.str().rfind("{{%AUTOESCAPE context=\"HTML\"}}", 0) == 0u, name);
    }
}

BOOST_AUTO_TEST_CASE(home_names_the_org_and_links_the_pages_when_logged_out) {
    PageView view;
    view.org = "acme";
    const std::string html = views.render(view);
    BOOST_TEST(contains(html, "<title>Home - orggate</title>"));
    BOOST_TEST(contains(html, "members of the GitHub organization <strong>acme</strong>"));
    BOOST_TEST(contains(html, "<a href=\"/page1\">"));
    BOOST_TEST(contains(html, "<a href=\"/page2\">"));
    BOOST_TEST(contains(html, "<a class=\"login-link\" href=\"/login\">Login</a>"));
    BOOST_TEST(!contains(html, "Logout"));
    BOOST_TEST(!contains(html, "<style"));
    BOOST_TEST(!contains(html, "<script"));
}

BOOST_AUTO_TEST_CASE(logged_in_navbar_shows_avatar_name_login_and_logout_form) {
    const UserProfile user = octocat();
    PageView view;
    view.user = &user;
    view.csrf_token = "csrf123";
    const std::string html = views.render(view);
    BOOST_TEST(contains(html, "src=\"https://avatars.githubusercontent.com/u/1?v=4&amp;s=30\""));
    BOOST_TEST(contains(html, "width=\"30\" height=\"30\""));
    BOOST_TEST(contains(html, "<span class=\"user-name\">The Octocat</span>"));
    BOOST_TEST(contains(html, "Github userid: octocat"));
    BOOST_TEST(contains(html, "<form class=\"logout-form\" method=\"post\" action=\"/logout\">"));
    BOOST_TEST(contains(html, "name=\"csrf_token\" value=\"csrf123\""));
    BOOST_TEST(!contains(html, "href=\"/login\""));
}

BOOST_AUTO_TEST_CASE(a_null_name_shows_the_login_instead) {
    UserProfile user = octocat();
    user.name.reset();
    PageView view;
    view.user = &user;
    BOOST_TEST(contains(views.render(view), "<span class=\"user-name\">octocat</span>"));
}

BOOST_AUTO_TEST_CASE(hostile_values_are_escaped_everywhere) {
    UserProfile user = octocat();
    user.name = "<script>alert(1)</script>";
    user.avatar_url = "javascript:alert(1)";
    user.raw_json =
        R"json({"login":"octocat","id":1,"name":"<script>alert(1)</script>","avatar_url":"javascript:alert(1)"})json";
    PageView view;
    view.page = Page::kPage1;
    view.user = &user;
    view.org = "<b>org</b>";
    view.csrf_token = "\"><script>";
    view.flashes = {{"error", "<img src=x onerror=alert(1)>"}};
    const std::string html = views.render(view);
    BOOST_TEST(!contains(html, "<script>"));
    BOOST_TEST(!contains(html, "<img src=x"));
    BOOST_TEST(!contains(html, "src=\"javascript:"));
    BOOST_TEST(contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
}

BOOST_AUTO_TEST_CASE(page1_shows_user_json_only_when_logged_in) {
    PageView view;
    view.page = Page::kPage1;
    BOOST_TEST(!contains(views.render(view), "<pre"));
    const UserProfile user = octocat();
    view.user = &user;
    const std::string html = views.render(view);
    BOOST_TEST(contains(html, "<h1>This is Page 1</h1>"));
    BOOST_TEST(contains(html, "<pre class=\"user-data\">"));
    BOOST_TEST(contains(html, "&quot;login&quot;: &quot;octocat&quot;"));
    // Indented JSON stays indented: the escaping keeps the newlines a <pre> needs.
    BOOST_TEST(contains(html, "{\n"));
}

BOOST_AUTO_TEST_CASE(flashes_go_to_their_boxes) {
    PageView view;
    view.page = Page::kPage2;
    view.flashes = {
        {"message", "You were logged out"}, {"error", "Unable to login"}, {"message", "second"}};
    const std::string html = views.render(view);
    const auto info = html.find("<div class=\"alert alert-info\"");
    const auto warning = html.find("<div class=\"alert alert-warning\"");
    BOOST_REQUIRE(info != std::string::npos);
    BOOST_REQUIRE(warning != std::string::npos);
    BOOST_TEST(html.find("<li>You were logged out</li>") > info);
    BOOST_TEST(html.find("<li>second</li>") < warning);
    BOOST_TEST(html.find("<li>Unable to login</li>") > warning);
}

BOOST_AUTO_TEST_CASE(the_navbar_marks_the_current_page) {
    PageView view;
    view.page = Page::kPage2;
    const std::string html = views.render(view);
    BOOST_TEST(contains(html, "<a href=\"/page2\" aria-current=\"page\">Page 2</a>"));
    BOOST_TEST(contains(html, "<a href=\"/page1\">Page 1</a>"));
}

BOOST_AUTO_TEST_CASE(no_flash_boxes_without_flashes) {
    const std::string html = views.render(PageView{});
    BOOST_TEST(!contains(html, "alert-info"));
    BOOST_TEST(!contains(html, "alert-warning"));
}

BOOST_AUTO_TEST_CASE(error_pages_render_in_the_layout) {
    for (Page page :
         {Page::kNotFound, Page::kMethodNotAllowed, Page::kServerError, Page::kLogout}) {
        PageView view;
        view.page = page;
        const std::string html = views.render(view);
        BOOST_TEST(contains(html, "<header class=\"navbar\">"));
        BOOST_TEST(contains(html, "<h1>"));
    }
}

BOOST_AUTO_TEST_CASE(a_missing_template_folder_fails_loudly_at_start) {
    BOOST_CHECK_THROW(Views("/nonexistent/templates"), std::runtime_error);
}

BOOST_AUTO_TEST_SUITE_END()

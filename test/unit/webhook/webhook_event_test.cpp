// GitHub's webhook payloads: what orggate does for ping, member removal and team removal, which
// events it leaves alone, and the reason it gives for a payload it cannot act on.
#include "webhook/webhook_event.hpp"

#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

using namespace orggate::webhook;

namespace {

// Shaped as GitHub's documented payloads, trimmed to what matters plus a little noise.
const std::string kPing =
    R"({"zen":"Design for failure.","hook_id":30,"hook":{"type":"Organization","id":30,)"
    R"("events":["organization","membership"]},"organization":{"login":"Octo-Org","id":9},)"
    R"("sender":{"login":"owner","id":1}})";

std::string member_removed(const std::string& user = R"({"login":"mona","id":1234})") {
    return R"({"action":"member_removed","membership":{"url":"https://api.github.com/orgs/)"
           R"(Octo-Org/memberships/mona","state":"active","role":"member","user":)" +
           user +
           R"(},"organization":{"login":"Octo-Org","id":9},"sender":{"login":"owner","id":1}})";
}

std::string team_removed(const std::string& team = R"({"name":"Core","id":7,"slug":"core"})",
                         const std::string& scope = "team") {
    return R"({"action":"removed","scope":")" + scope +
           R"(","member":{"login":"mona","id":1234},"sender":{"login":"owner","id":1},"team":)" +
           team + R"(,"organization":{"login":"Octo-Org","id":9}})";
}

std::string kind(const WebhookEvent& event) {
    return webhook_kind_name(event.kind);
}

}  // namespace

BOOST_AUTO_TEST_SUITE(webhook_event)

BOOST_AUTO_TEST_CASE(a_ping_is_answered_with_its_hook_id_and_zen) {
    const WebhookEvent event = parse_webhook_event("ping", kPing);
    BOOST_TEST(kind(event) == "ping");
    BOOST_TEST(event.hook_id == 30);
    BOOST_TEST(event.zen == "Design for failure.");
    BOOST_TEST(event.org == "Octo-Org");
}

BOOST_AUTO_TEST_CASE(a_ping_needs_nothing_but_a_json_object) {
    const WebhookEvent event = parse_webhook_event("ping", "{}");
    BOOST_TEST(kind(event) == "ping");
    BOOST_TEST(event.hook_id == 0);
    BOOST_TEST(event.zen.empty());
    BOOST_TEST(event.org.empty());
    BOOST_TEST(parse_webhook_event("ping", R"({"zen":"bell\u0007"})").zen.empty());
}

BOOST_AUTO_TEST_CASE(a_member_removed_from_the_org_is_named_by_login_and_id) {
    const WebhookEvent event = parse_webhook_event("organization", member_removed());
    BOOST_TEST(kind(event) == "member_removed");
    BOOST_TEST(event.org == "Octo-Org");  // as GitHub spells it: the caller ignores case
    BOOST_TEST(event.user.login == "mona");
    BOOST_TEST(event.user.id == 1234);
    BOOST_TEST(event.action == "member_removed");
}

BOOST_AUTO_TEST_CASE(a_member_removed_from_a_team_is_named_with_the_team) {
    const WebhookEvent event = parse_webhook_event("membership", team_removed());
    BOOST_TEST(kind(event) == "team_member_removed");
    BOOST_TEST(event.org == "Octo-Org");
    BOOST_TEST(event.team_slug == "core");
    BOOST_TEST(!event.team_deleted);
    BOOST_TEST(event.user.login == "mona");  // the member, not the sender who removed them
    BOOST_TEST(event.user.id == 1234);
}

BOOST_AUTO_TEST_CASE(a_deleted_team_may_come_without_its_slug) {
    const WebhookEvent event =
        parse_webhook_event("membership", team_removed(R"({"name":"Core","id":7,"deleted":true})"));
    BOOST_TEST(kind(event) == "team_member_removed");
    BOOST_TEST(event.team_deleted);
    BOOST_TEST(event.team_slug.empty());
}

BOOST_AUTO_TEST_CASE(other_actions_and_events_are_recognised_and_ignored) {
    std::string added = member_removed();
    added.replace(added.find("member_removed"), 14, "member_added");
    const WebhookEvent event = parse_webhook_event("organization", added);
    BOOST_TEST(kind(event) == "ignored");
    BOOST_TEST(event.event == "organization");
    BOOST_TEST(event.action == "member_added");
    BOOST_TEST(event.org == "Octo-Org");
    BOOST_TEST(event.user.login.empty());

    std::string team_added = team_removed();
    team_added.replace(team_added.find("removed"), 7, "added");
    BOOST_TEST(kind(parse_webhook_event("membership", team_added)) == "ignored");
    BOOST_TEST(kind(parse_webhook_event(
                   "membership", team_removed(R"({"slug":"core"})", "organization"))) == "ignored");
    BOOST_TEST(kind(parse_webhook_event("push", R"({"ref":"refs/heads/main"})")) == "ignored");
    BOOST_TEST(kind(parse_webhook_event("organization", R"({"action":"renamed"})")) == "ignored");
}

BOOST_AUTO_TEST_CASE(the_event_header_is_read_without_surrounding_spaces) {
    BOOST_TEST(kind(parse_webhook_event(" organization\t", member_removed())) == "member_removed");
}

BOOST_AUTO_TEST_CASE(a_missing_or_odd_event_header_is_malformed) {
    for (const std::string& header :
         std::vector<std::string>{"", "  ", "Organization", "organization\r\nX-Injected: 1",
                                  "organization ping", std::string(65, 'a')}) {
        const WebhookEvent event = parse_webhook_event(header, member_removed());
        BOOST_TEST(kind(event) == "malformed", header);
        BOOST_TEST(event.reason == "no usable X-GitHub-Event");
        BOOST_TEST(event.event.empty());
    }
}

BOOST_AUTO_TEST_CASE(a_body_that_is_not_one_json_object_is_malformed) {
    for (const std::string& body :
         std::vector<std::string>{"", "payload=%7B%7D", "[]", "\"text\"", "{",
                                  member_removed() + "{}", std::string("{\"a\":\"\0\"}", 9)}) {
        const WebhookEvent event = parse_webhook_event("organization", body);
        BOOST_TEST(kind(event) == "malformed", body);
        BOOST_TEST(event.event == "organization");
        BOOST_TEST(!event.reason.empty());
    }
}

BOOST_AUTO_TEST_CASE(a_body_over_one_megabyte_is_malformed_even_if_it_is_json) {
    std::string body = member_removed();
    body.insert(1, R"("padding":")" + std::string(kMaxWebhookBodyBytes, 'x') + R"(",)");
    BOOST_TEST(kind(parse_webhook_event("organization", body)) == "malformed");
    body = member_removed();
    body.insert(1, R"("padding":")" + std::string(100'000, 'x') + R"(",)");
    BOOST_TEST(kind(parse_webhook_event("organization", body)) == "member_removed");
}

BOOST_AUTO_TEST_CASE(a_removal_without_a_usable_user_is_malformed) {
    for (const std::string& user : std::vector<std::string>{
             "null", "{}", R"({"login":"mona"})", R"({"id":1234})", R"({"login":"","id":1})",
             R"({"login":"mona","id":"1234"})", R"({"login":"mona","id":0})",
             R"({"login":"mona","id":-5})", R"({"login":"mona","id":1.5})",
             R"({"login":"mona","id":18446744073709551615})", R"({"login":"mo na","id":1})",
             R"({"login":"mona\n","id":1})", R"({"login":"m\u00f6na","id":1})",
             R"({"login":")" + std::string(101, 'm') + R"(","id":1})"}) {
        const WebhookEvent event = parse_webhook_event("organization", member_removed(user));
        BOOST_TEST(kind(event) == "malformed", user);
        BOOST_TEST(event.reason == "member_removed without a user login and id", user);
        BOOST_TEST(event.user.login.empty(), user);
    }
    std::string no_member = team_removed();
    no_member.replace(no_member.find("member"), 6, "person");
    BOOST_TEST(parse_webhook_event("membership", no_member).reason ==
               "team removal without a user login and id");
}

BOOST_AUTO_TEST_CASE(a_removal_without_an_org_or_a_team_is_malformed) {
    const WebhookEvent no_org =
        parse_webhook_event("organization", R"({"action":"member_removed","membership":)"
                                            R"({"user":{"login":"mona","id":1}}})");
    BOOST_TEST(no_org.reason == "member_removed without an org");
    BOOST_TEST(parse_webhook_event("membership", team_removed("null")).reason ==
               "team removal without a team");
    BOOST_TEST(
        parse_webhook_event("membership", team_removed(R"({"name":"Core","id":7})")).reason ==
        "team removal without a team slug");
    BOOST_TEST(parse_webhook_event("membership", team_removed(R"({"slug":"co re"})")).reason ==
               "team removal without a team slug");
}

BOOST_AUTO_TEST_CASE(an_action_that_is_not_a_plain_name_is_malformed) {
    BOOST_TEST(parse_webhook_event("push", R"({"action":"Removed"})").reason ==
               "an unusable action");
    BOOST_TEST(kind(parse_webhook_event("push", R"({"action":7})")) == "ignored");
}

BOOST_AUTO_TEST_CASE(each_kind_has_a_name_for_the_log) {
    BOOST_TEST(webhook_kind_name(WebhookKind::kPing) == std::string("ping"));
    BOOST_TEST(webhook_kind_name(WebhookKind::kMemberRemoved) == std::string("member_removed"));
    BOOST_TEST(webhook_kind_name(WebhookKind::kTeamMemberRemoved) ==
               std::string("team_member_removed"));
    BOOST_TEST(webhook_kind_name(WebhookKind::kIgnored) == std::string("ignored"));
    BOOST_TEST(webhook_kind_name(WebhookKind::kMalformed) == std::string("malformed"));
}

BOOST_AUTO_TEST_SUITE_END()

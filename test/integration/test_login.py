"""Logging in with GitHub (the stand-in) through real nginx + orggate: what each outcome shows."""

import json
from urllib.parse import parse_qs, urlsplit

from page import LOGIN_COOKIE_PREFIX, flashes, message, navbar_user
from stack_cases import LoginCase

ORG = "octo-org"
SUCCESS = message("You were successfully logged in")
HARRY = '<script>alert("harry")</script> Harry & <b>Co</b>'
OTHER_ACCOUNT = ("/login?prompt=select_account", "Log in with another GitHub account")


def authorize_query(response):
    """The query of GitHub's authorize URL that a /login redirect points at."""
    return parse_qs(urlsplit(response.header("Location")).query)


class MemberLoginTest(LoginCase):
    def test_member_lands_on_next_with_navbar_and_flash(self):
        response = self.browser().login_as("mona", next="/page1")
        self.assert_on(response, "/page1")
        self.assert_logged_in_as(response, "mona", "Mona Lisa Octocat")
        self.assertEqual(navbar_user(response).avatar_url,
                         f"{self.github.url}/avatars/u/1000001?v=4&s=30")
        self.assertEqual(flashes(response), [SUCCESS])

    def test_page1_shows_the_github_user_as_json(self):
        browser = self.browser()
        browser.login_as("mona")
        blocks = browser.open("/page1").find("pre", "user-data")
        self.assertEqual(len(blocks), 1)
        shown = json.loads(blocks[0].text())
        self.assertEqual((shown["login"], shown["id"], shown["name"]),
                         ("mona", 1000001, "Mona Lisa Octocat"))
        self.assertEqual(shown["html_url"], f"{self.github.url}/mona")

    def test_without_next_lands_on_home(self):
        response = self.browser().login_as("mona")
        self.assert_on(response, "/")
        self.assert_logged_in_as(response, "mona", "Mona Lisa Octocat")

    def test_success_flash_shows_once_and_the_login_stays(self):
        browser = self.browser()
        browser.login_as("mona", next="/page2")
        again = browser.open("/page2")
        self.assertEqual(flashes(again), [])
        self.assert_logged_in_as(again, "mona", "Mona Lisa Octocat")

    def login_cookies(self, browser):
        return [name for name in browser.jar[urlsplit(self.stack.url).netloc]
                if name.startswith(LOGIN_COOKIE_PREFIX)]

    def test_a_pending_login_leaves_nothing_on_the_server(self):
        browser = self.browser()
        before = set(self.stack.all_session_files())
        page = browser.start_login("next=/page2")
        # The login waits in the browser's sealed cookie: no session id, no file.
        self.assertIsNone(browser.session_id)
        self.assertEqual(len(self.login_cookies(browser)), 1)
        self.assertEqual(set(self.stack.all_session_files()), before)
        response = browser.follow(browser.authorize(page, "mona"))
        self.assert_logged_in_as(response, "mona", "Mona Lisa Octocat")
        self.assertIsNotNone(browser.session_id)
        # The login cookie is spent: the browser was told to drop it.
        self.assertEqual(self.login_cookies(browser), [])

    def test_a_session_id_planted_before_login_is_worthless_after(self):
        # Fixation: the attacker logs in to get a live session id, plants it in the victim's
        # browser, and waits for the victim to log in on it.
        attacker = self.browser()
        attacker.login_as("mona")
        planted = attacker.session_id
        victim = self.browser()
        victim.set_session_id(planted)
        response = victim.login_as("mona", next="/page1")
        self.assert_logged_in_as(response, "mona", "Mona Lisa Octocat")
        self.assertNotIn(victim.session_id, (None, planted))
        self.assertFalse(self.stack.session_file(planted).exists())
        self.assert_logged_out(attacker.open("/page1"))
        self.assertEqual(attacker.open("/page1").find("pre", "user-data"), [])

    def test_the_login_is_not_shared_with_another_browser(self):
        self.browser().login_as("mona")
        self.assert_logged_out(self.browser().open("/"))

    def test_user_without_a_name_is_shown_by_login(self):
        response = self.browser().login_as("nameless", next="/page2")
        self.assert_on(response, "/page2")
        self.assert_logged_in_as(response, "nameless", "nameless")
        self.assertEqual(flashes(response), [SUCCESS])

    def test_html_in_the_name_is_shown_as_text(self):
        browser = self.browser()
        response = browser.login_as("html-harry")
        self.assert_logged_in_as(response, "html-harry", HARRY)
        self.assertNotIn("<script", response.text)
        self.assertNotIn("<b>Co", response.text)
        page1 = browser.open("/page1")
        self.assertNotIn("<script", page1.text)
        self.assertNotIn("<img src=x", page1.text)
        self.assertEqual(json.loads(page1.find("pre", "user-data")[0].text())["bio"],
                         '<img src=x onerror=alert("bio")>')

    def test_two_tabs_log_in_at_once_each_to_its_own_next(self):
        browser = self.browser()
        first_tab = browser.start_login("next=/page1")
        second_tab = browser.start_login("next=/page2")
        first_callback = browser.authorize(first_tab, "mona")
        second_callback = browser.authorize(second_tab, "mona")

        # Finished in reverse order: the second login rotates the session id, the first
        # one's pending state must survive that.
        second = browser.follow(second_callback)
        self.assert_on(second, "/page2")
        self.assert_logged_in_as(second, "mona", "Mona Lisa Octocat")
        first = browser.follow(first_callback)
        self.assert_on(first, "/page1")
        self.assert_logged_in_as(first, "mona", "Mona Lisa Octocat")
        self.assertEqual(flashes(first), [SUCCESS])


class RefusedLoginTest(LoginCase):
    def test_cancel_on_github_says_access_denied(self):
        browser = self.browser()
        response = browser.login_as("mona", next="/page1", action="cancel")
        self.assert_refused_on_home(response, "Access denied: reason=access_denied "
                                              "error=The user has denied your application access.")
        self.assert_no_token_request()

    def test_non_member_is_refused_with_a_link_to_pick_another_account(self):
        browser = self.browser()
        response = browser.login_as("hubot", next="/page1")
        self.assert_refused_on_home(response, f"Unable to login: hubot is not a member of {ORG}",
                                    *OTHER_ACCOUNT)

        # The link asks GitHub for its account picker.
        redirect = browser.get("/login?prompt=select_account")
        self.assertEqual(redirect.status, 302)
        self.assertEqual(authorize_query(redirect).get("prompt"), ["select_account"])
        picker = browser.get(redirect.header("Location"))
        self.assertIn("Pick an account", [p.text() for p in picker.find("p", "note")])
        self.assert_logged_in_as(browser.follow(browser.authorize(picker, "mona")),
                                 "mona", "Mona Lisa Octocat")

    def test_a_plain_login_does_not_ask_for_the_account_picker(self):
        redirect = self.browser().get("/login")
        self.assertEqual(redirect.status, 302)
        self.assertNotIn("prompt", authorize_query(redirect))

    def test_pending_invitation_is_not_membership(self):
        response = self.browser().login_as("pending-pat")
        self.assert_refused_on_home(
            response,
            f"Unable to login: pending-pat has not yet accepted the invitation to join {ORG}.",
            f"{self.github.url}/orgs/{ORG}/invitation",
            "Accept the invitation on GitHub, then log in again")

    def test_org_restricting_oauth_apps_is_explained(self):
        response = self.browser().login_as("restricted-rita")
        self.assert_refused_on_home(
            response,
            f"Unable to login: the organization {ORG} restricts access by OAuth apps and has not "
            "approved this site.",
            f"{self.github.url}/settings/connections/applications/it-client-id",
            f"Ask the owners of {ORG} to approve it")

    def test_saml_enforcement_links_to_githubs_sso_page(self):
        response = self.browser().login_as("saml-sam")
        self.assert_on(response, "/")
        self.assert_logged_out(response)
        [flash] = flashes(response)
        self.assertEqual(flash.category, "error")
        self.assertEqual(flash.text, f"Unable to login: {ORG} requires SAML single sign-on, and "
                                     "this login is not authorized for it.")
        self.assertEqual(flash.link_text, f"Sign in with {ORG}'s single sign-on, then log in again")
        # The URL GitHub named in its X-GitHub-SSO header, not a guess.
        sso_page = f"{self.github.url}/orgs/{ORG}/sso?authorization_request="
        self.assertTrue(flash.link_url.startswith(sso_page), flash.link_url)

    def test_a_refused_login_leaves_no_user_behind(self):
        browser = self.browser()
        browser.login_as("mona")
        response = browser.login_as("hubot")
        self.assert_refused_on_home(response, f"Unable to login: hubot is not a member of {ORG}",
                                    *OTHER_ACCOUNT)
        self.assert_logged_out(browser.open("/page1"))
        self.assertEqual(browser.open("/page1").find("pre", "user-data"), [])

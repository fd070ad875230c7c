"""unittest base classes that share one Stack per test class: StackCase, and LoginCase with the stand-in."""

import unittest

from page import error, flashes, has_login_link, navbar_user
from stack import Stack


class StackCase(unittest.TestCase):
    """One stack shared by the test class; `stack_options` are Stack's keyword arguments."""

    stack_options = {}

    @classmethod
    def setUpClass(cls):
        cls.stack = Stack(**cls.stack_options)
        cls.stack.start()

    @classmethod
    def tearDownClass(cls):
        cls.stack.stop()


class LoginCase(unittest.TestCase):
    """A stack with the GitHub stand-in, shared by the class (`stack_settings` override orggate's
    settings); the stand-in's faults and request log are cleared before each test."""

    stack_settings = {}

    @classmethod
    def setUpClass(cls):
        cls.stack = Stack(github=True, settings=cls.stack_settings)
        cls.stack.start()
        cls.github = cls.stack.github

    @classmethod
    def tearDownClass(cls):
        cls.stack.stop()

    def setUp(self):
        self.github.reset()

    def browser(self):
        return self.stack.browser()

    # ---- what the user sees ------------------------------------------------------------

    def assert_on(self, response, path):
        """The browser ended on this page of the site, and it rendered."""
        self.assertEqual(response.url, self.stack.url + path)
        self.assertEqual(response.status, 200, response.text[:300])

    def assert_logged_in_as(self, response, login, name):
        user = navbar_user(response)
        self.assertIsNotNone(user, f"no logged-in navbar on {response.url}")
        self.assertEqual(user.name, name)
        self.assertEqual(user.userid, f"Github userid: {login}")
        self.assertFalse(has_login_link(response))

    def assert_logged_out(self, response):
        self.assertIsNone(navbar_user(response))
        self.assertTrue(has_login_link(response), f"no Login link on {response.url}")

    def assert_refused_on_home(self, response, text, link_url=None, link_text=None):
        """A failed login: back home, logged out, one error flash saying why."""
        self.assert_on(response, "/")
        self.assert_logged_out(response)
        self.assertEqual(flashes(response), [error(text, link_url, link_text)])

    def assert_no_server_errors(self, browser):
        """No page of the flow answered 5xx (the stand-in's own faults are not orggate's)."""
        for response in browser.history:
            if response.url.startswith(self.stack.url):
                self.assertLess(response.status, 500, f"{response.url}: {response.text[:300]}")

    def assert_no_token_request(self):
        self.assertEqual(self.github.requests_to("token"), [],
                         "orggate called GitHub's token endpoint")

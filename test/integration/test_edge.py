"""What nginx owes every response: static files, security headers, no version, a 503 "back in a
moment" page when orggate is down."""

import signal
import unittest

from page import is_back_in_a_moment
from stack import REPO, Stack
from stack_cases import StackCase

CSP_PARTS = ["default-src 'none'", "style-src 'self'", "img-src 'self'", "form-action 'self'",
             "base-uri 'none'", "frame-ancestors 'none'"]


def assert_security_headers(test, response):
    csp = response.header("Content-Security-Policy")
    test.assertIsNotNone(csp, f"no CSP on {response}")
    directives = [part.strip() for part in csp.split(";")]
    for part in CSP_PARTS:
        test.assertTrue(any(d == part or d.startswith(part + " ") for d in directives),
                        f"{part!r} missing from {csp!r}")
    test.assertNotIn("unsafe-inline", csp)
    test.assertEqual(response.header_values("X-Frame-Options"), ["DENY"])
    test.assertEqual(response.header_values("X-Content-Type-Options"), ["nosniff"])
    test.assertIn(response.header("Referrer-Policy"),
                  ("strict-origin-when-cross-origin", "no-referrer"))
    # Exactly once: a header set by both nginx and the app would show up twice.
    test.assertEqual(len(response.header_values("Content-Security-Policy")), 1)
    test.assertEqual(len(response.header_values("Referrer-Policy")), 1)


class EdgeTest(StackCase):

    def test_css_is_served_by_nginx_with_cache_headers(self):
        before = len(self.stack.request_log_lines())
        response = self.stack.get("/static/orggate.css")
        self.assertEqual(response.status, 200)
        self.assertTrue(response.header("Content-Type").startswith("text/css"),
                        response.header("Content-Type"))
        self.assertEqual(response.body, (REPO / "static/orggate.css").read_bytes())
        self.assertRegex(response.header("Cache-Control") or "", r"max-age=\d+")
        self.assertIsNotNone(response.header("Expires"))
        self.assertIsNotNone(response.header("Last-Modified"))
        self.assertEqual(len(self.stack.request_log_lines()), before, "orggate saw a static file")

    def test_missing_static_file_is_404_from_nginx(self):
        self.assertEqual(self.stack.get("/static/no-such.css").status, 404)

    def test_paths_around_static_never_reveal_other_files(self):
        makefile = (REPO / "Makefile").read_bytes()
        for path in ["/static/../Makefile", "/static/..%2fMakefile", "/static/%2e%2e/Makefile",
                     "/static../Makefile", "/static/../scripts/demo"]:
            with self.subTest(path=path):
                response = self.stack.get(path)
                self.assertNotEqual(response.body, makefile)
                self.assertNotIn(b"#!/usr/bin/env bash", response.body)
                self.assertLess(response.status, 500)

    def test_security_headers_on_pages_static_files_and_errors(self):
        cases = [("GET", "/"), ("GET", "/page1"), ("HEAD", "/page2"),
                 ("GET", "/static/orggate.css"), ("GET", "/static/no-such.css"),
                 ("GET", "/no-such-page"), ("POST", "/page1")]
        for method, path in cases:
            with self.subTest(method=method, path=path):
                assert_security_headers(self, self.stack.request(method, path))

    def test_security_headers_on_nginx_refusals(self):
        response = self.stack.request("POST", "/", body=b"x" * 20000)
        self.assertEqual(response.status, 413)
        assert_security_headers(self, response)

    def test_server_header_names_nginx_without_a_version(self):
        for path in ["/", "/static/orggate.css", "/no-such-page"]:
            with self.subTest(path=path):
                self.assertEqual(self.stack.get(path).header_values("Server"), ["nginx"])

    def test_local_run_sends_no_hsts(self):
        self.assertIsNone(self.stack.get("/").header("Strict-Transport-Security"))


class QuickTimeoutStack(Stack):
    """The Stack with nginx giving up on orggate after 1 s instead of 75 s."""

    def _render_nginx_config(self):
        super()._render_nginx_config()
        snippet = self.prefix / "orggate.conf"
        text = snippet.read_text()
        assert "fastcgi_read_timeout 75s;" in text, "the snippet's read timeout moved"
        snippet.write_text(text.replace("fastcgi_read_timeout 75s;", "fastcgi_read_timeout 1s;"))


class OrggateDownTest(unittest.TestCase):
    def test_static_files_still_served_and_pages_answer_back_in_a_moment(self):
        with Stack() as stack:
            self.assertIsNone(stack.get("/page1").header("Retry-After"))
            self.assertEqual(stack.stop_orggate(), 0)

            for method, path in [("GET", "/page1"), ("GET", "/"), ("POST", "/logout"),
                                 ("HEAD", "/login")]:
                with self.subTest(method=method, path=path):
                    page = stack.request(method, path)
                    self.assertEqual(page.status, 503)
                    self.assertEqual(page.header("Retry-After"), "5")
                    if method != "HEAD":
                        self.assertTrue(is_back_in_a_moment(page), page.text[:300])
            page = stack.get("/page1")
            self.assertTrue(page.header("Content-Type").startswith("text/html"))
            assert_security_headers(self, page)
            self.assertEqual(page.header_values("Server"), ["nginx"])

            css = stack.get("/static/orggate.css")
            self.assertEqual(css.status, 200)
            assert_security_headers(self, css)
            self.assertIsNone(css.header("Retry-After"))

            stack.start_orggate()
            self.assertEqual(stack.get("/page1").status, 200)

    def test_an_orggate_that_does_not_answer_in_time_gets_the_same_page(self):
        with QuickTimeoutStack() as stack:
            stack.orggate.send_signal(signal.SIGSTOP)
            try:
                page = stack.get("/page1")
            finally:
                stack.orggate.send_signal(signal.SIGCONT)
            self.assertTrue(is_back_in_a_moment(page), f"{page.status} {page.text[:300]}")
            assert_security_headers(self, page)
            self.assertIn("upstream timed out", stack.nginx_error_log())
            self.assertEqual(stack.get("/page1").status, 200)


if __name__ == "__main__":
    unittest.main()

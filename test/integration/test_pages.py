"""The public pages through nginx: content, HEAD, 404 and 405, as an anonymous visitor."""

import unittest

from page import has_login_link
from stack_cases import StackCase

PAGES = {
    "/": "Home",
    "/page1": "Page 1",
    "/page2": "Page 2",
}


class PagesTest(StackCase):

    def assert_html_page(self, response, status, title):
        self.assertEqual(response.status, status, response.text[:500])
        self.assertTrue(response.header("Content-Type").startswith("text/html"),
                        response.header("Content-Type"))
        self.assertIn(f"<title>{title} - orggate</title>", response.text)
        # Every page is in the layout: the stylesheet and the logged-out navbar.
        self.assertIn('href="/static/orggate.css"', response.text)
        self.assertTrue(has_login_link(response), "no Login link")

    def test_each_page_answers_200_in_the_layout(self):
        for path, title in PAGES.items():
            with self.subTest(path=path):
                self.assert_html_page(self.stack.get(path), 200, title)

    def test_home_links_the_pages_and_names_the_org(self):
        text = self.stack.get("/").text
        self.assertIn('<a href="/page1">', text)
        self.assertIn('<a href="/page2">', text)
        self.assertIn("Logins are restricted to members of the GitHub organization "
                      "<strong>octo-org</strong>.", text)

    def test_page1_shows_no_user_data_when_logged_out(self):
        text = self.stack.get("/page1").text
        self.assertIn("<h1>This is Page 1</h1>", text)
        self.assertNotIn('class="user-data"', text)

    def test_page2_has_its_heading(self):
        self.assertIn("<h1>This is Page 2</h1>", self.stack.get("/page2").text)

    def test_a_query_string_does_not_change_the_page(self):
        response = self.stack.get("/page1?utm_source=x&page=2")
        self.assert_html_page(response, 200, "Page 1")

    def test_head_answers_like_get_without_a_body(self):
        for path in [*PAGES, "/no-such-page"]:
            with self.subTest(path=path):
                get = self.stack.get(path)
                head = self.stack.request("HEAD", path)
                self.assertEqual(head.status, get.status)
                self.assertEqual(head.body, b"")
                self.assertEqual(head.header("Content-Type"), get.header("Content-Type"))
                if head.header("Content-Length") is not None:
                    self.assertEqual(int(head.header("Content-Length")), len(get.body))

    def test_head_sends_no_body_bytes_on_the_wire(self):
        raw = self.stack.raw_request(b"HEAD /page1 HTTP/1.1\r\nHost: localhost\r\n"
                                     b"Connection: close\r\n\r\n")
        head, _, body = raw.partition(b"\r\n\r\n")
        self.assertTrue(head.startswith(b"HTTP/1.1 200"), head)
        self.assertEqual(body, b"")

    def test_unknown_path_is_a_404_page_in_the_layout(self):
        for path in ["/no-such-page", "/page3", "/page1/extra", "/login.php", "/static"]:
            with self.subTest(path=path):
                self.assert_html_page(self.stack.get(path), 404, "Not found")

    def test_wrong_method_on_a_known_path_is_405_with_allow(self):
        for method, path in [("POST", "/"), ("DELETE", "/page1"), ("PUT", "/page2"),
                             ("PATCH", "/")]:
            with self.subTest(method=method, path=path):
                response = self.stack.request(method, path, body=b"a=b", headers={
                    "Content-Type": "application/x-www-form-urlencoded"})
                self.assertEqual(response.status, 405, response.text[:300])
                allowed = {m.strip() for m in (response.header("Allow") or "").split(",")}
                self.assertTrue({"GET", "HEAD"} <= allowed, response.header("Allow"))
                self.assertNotIn(method, allowed)
                self.assertTrue(response.header("Content-Type").startswith("text/html"))

    def test_a_large_body_is_refused_by_nginx(self):
        response = self.stack.request("POST", "/", body=b"x" * 20000, headers={
            "Content-Type": "application/x-www-form-urlencoded"})
        self.assertEqual(response.status, 413)


if __name__ == "__main__":
    unittest.main()

"""What a browser sees of an answer: status, headers, cookies, and orggate's pages read as HTML."""

import collections
import html.parser

COOKIE_NAME = "orggate_session"
# Each pending login has a cookie of its own: this prefix and the first 8 characters of its state.
LOGIN_COOKIE_PREFIX = "orggate_login_"

# One flash message as the page shows it: category "message" or "error", its text, its link.
Flash = collections.namedtuple("Flash", "category text link_url link_text")


def message(text):
    """An info flash as the page shows it."""
    return Flash("message", text, None, None)


def error(text, link_url=None, link_text=None):
    """A warning flash as the page shows it, with its link if any."""
    return Flash("error", text, link_url, link_text)
# The logged-in navbar: avatar URL, display name and the "Github userid: LOGIN" text.
NavbarUser = collections.namedtuple("NavbarUser", "avatar_url name userid")


class Response:
    """Status, the headers exactly as sent (repeats kept), and the body."""

    def __init__(self, status, headers, body, url=None):
        self.status = status
        self.headers = headers
        self.body = body
        self.text = body.decode("utf-8", errors="replace")
        self.url = url  # where it came from, when a Browser fetched it

    def header(self, name):
        values = self.header_values(name)
        return values[0] if values else None

    def header_values(self, name):
        return [value for key, value in self.headers if key.lower() == name.lower()]

    def session_cookies(self):
        """orggate's Set-Cookie headers as (value, {attribute-lowercase: value-or-True})."""
        return self.cookies(COOKIE_NAME)

    def cookies(self, wanted):
        """The Set-Cookie headers of cookie `wanted` as (value, {attribute-lowercase: value})."""
        return [(value, attributes) for name, value, attributes in self.set_cookies()
                if name == wanted]

    def login_cookies(self):
        """The pending-login cookies set, one per login: (name, value, attributes)."""
        return [cookie for cookie in self.set_cookies() if cookie[0].startswith(LOGIN_COOKIE_PREFIX)]

    def set_cookies(self):
        """Every Set-Cookie header as (name, value, {attribute-lowercase: value-or-True})."""
        cookies = []
        for line in self.header_values("Set-Cookie"):
            first, *attributes = [part.strip() for part in line.split(";")]
            name, _, value = first.partition("=")
            parsed = {}
            for attribute in attributes:
                key, has_value, attribute_value = attribute.partition("=")
                parsed[key.strip().lower()] = attribute_value if has_value else True
            cookies.append((name, value, parsed))
        return cookies

    def find(self, tag, css_class=None):
        """Elements with this tag (and class), in document order."""
        return parse_html(self.text).find(tag, css_class)

    def __repr__(self):
        return f"<Response {self.status} {self.header('Content-Type')} {len(self.body)} bytes>"


class Element:
    def __init__(self, tag, attrs):
        self.tag = tag
        self.attrs = dict(attrs)
        self.children = []

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def text(self):
        """The element's text with entities decoded."""
        return "".join(child if isinstance(child, str) else child.text()
                       for child in self.children)

    def find(self, tag, css_class=None):
        found = []
        for child in self.children:
            if isinstance(child, Element):
                if child.tag == tag and (css_class is None or css_class in child.classes()):
                    found.append(child)
                found.extend(child.find(tag, css_class))
        return found


_VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
              "source", "track", "wbr"}


class _TreeBuilder(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", [])
        self.open = [self.root]

    def handle_starttag(self, tag, attrs):
        element = Element(tag, attrs)
        self.open[-1].children.append(element)
        if tag not in _VOID_TAGS:
            self.open.append(element)

    def handle_startendtag(self, tag, attrs):
        self.open[-1].children.append(Element(tag, attrs))

    def handle_endtag(self, tag):
        for depth in range(len(self.open) - 1, 0, -1):
            if self.open[depth].tag == tag:
                del self.open[depth:]
                return

    def handle_data(self, data):
        self.open[-1].children.append(data)


def parse_html(text):
    builder = _TreeBuilder()
    builder.feed(text)
    builder.close()
    return builder.root


def is_back_in_a_moment(response):
    """nginx's own page for "orggate is down": 503, Retry-After, the "Back in a moment" title."""
    return (response.status == 503 and response.header("Retry-After") == "5"
            and "<h1>Back in a moment</h1>" in response.text)


def has_login_link(response):
    """The logged-out navbar: <a href="/login">Login</a> (other attributes allowed)."""
    return any(link.attrs.get("href") == "/login" and link.text().strip() == "Login"
               for link in response.find("a"))


def flashes(response):
    """The flash messages of an orggate page in order; info boxes hold "message"s, warnings
    "error"s."""
    found = []
    for area in response.find("div", "flash-messages"):
        for box in area.find("div", "alert"):
            category = "error" if "alert-warning" in box.classes() else "message"
            for item in box.find("li"):
                links = item.find("a")
                text = "".join(child for child in item.children if isinstance(child, str))
                found.append(Flash(category, text.strip(),
                                   links[0].attrs.get("href") if links else None,
                                   links[0].text() if links else None))
    return found


def navbar_user(response):
    """Who the navbar says is logged in, or None for the logged-out navbar."""
    navbars = response.find("div", "nav-user")
    if len(navbars) != 1:
        return None
    navbar = navbars[0]
    avatars, names, userids = (navbar.find("img", "avatar"), navbar.find("span", "user-name"),
                               navbar.find("span", "user-login"))
    if not (avatars and names and userids):
        return None
    return NavbarUser(avatars[0].attrs.get("src"), names[0].text(), userids[0].text())


def form_fields(form):
    """The name -> value pairs a browser submits from a form's inputs (radios: the checked one)."""
    fields = {}
    for field in form.find("input"):
        name = field.attrs.get("name")
        if name is None:
            continue
        if field.attrs.get("type") in ("radio", "checkbox") and "checked" not in field.attrs:
            continue
        fields[name] = field.attrs.get("value") or ""
    return fields


def forms_posting_to(response, action):
    return [form for form in response.find("form") if form.attrs.get("action") == action
            and form.attrs.get("method", "").lower() == "post"]


def logout_csrf_token(response):
    """The csrf_token of the navbar's Logout form, or None when the page offers none."""
    forms = forms_posting_to(response, "/logout")
    return form_fields(forms[0]).get("csrf_token") if forms else None

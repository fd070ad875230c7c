"""Walks the running demo in headless Chromium and prints what it saw as one JSON object.

Login, the stand-in's authorize page (pick a user, Authorize), the home page logged in,
Page 1, Logout; then the gate: a protected URL (with a query) opened anonymously, the login,
the landing on that URL (/whoami/, the identity headers), Logout, and /core-team/ for a member
outside team core (the refusal page). test_browser.py runs it and decides whether what it saw
is right.

It needs Debian's python3-selenium, which is installed for Debian's interpreter, so run it
with that one (the python3 first on PATH may be another, pyenv's say):
    /usr/bin/python3 test/integration/browser.py --site http://127.0.0.1:PORT --out DIR
Selenium is given Debian's chromium and chromedriver, so it never tries to download one.
On a failure it prints {"error": ..., "failed_step": ...}, saves DIR/failure.png, exits 1.
"""

import argparse
import json
import os
import sys
import tempfile
import traceback

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WAIT_SECONDS = 10
# make demo's gated locations (nginx/demo/gate.conf.in): the query must survive the login.
PROTECTED_URL = "/whoami/?from=browser&tab=headers"
TEAM_URL = "/core-team/"
# Headless and quiet: no sandbox (tests may run as root), no calls home, no first-run pages.
CHROMIUM_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run")


def start_chromium(profile_dir, width, height):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile_dir}")
    options.add_argument(f"--window-size={width},{height}")
    # The console is where Chromium reports what the Content-Security-Policy refused.
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    # Chromium keeps its crash reports under XDG_CONFIG_HOME, not the profile: both in the temp dir.
    env = dict(os.environ, XDG_CONFIG_HOME=profile_dir, XDG_CACHE_HOME=profile_dir)
    driver = webdriver.Chrome(service=Service(executable_path=CHROMEDRIVER, env=env), options=options)
    driver.set_page_load_timeout(WAIT_SECONDS)
    return driver


class Walk:
    """One visit through the demo; each step leaves what it saw in self.seen."""

    def __init__(self, driver, site, out_dir):
        self.driver = driver
        self.site = site.rstrip("/")
        self.out_dir = out_dir
        self.wait = WebDriverWait(driver, WAIT_SECONDS)
        self.seen = {"screenshots": []}
        self.step = "start"

    def run(self, user, outsider):
        self.sign_in_walk(user)
        self.gate_walk(user, outsider)
        self.step = "done"

    def sign_in_walk(self, user):
        self.step = "open the home page and click Login"
        self.driver.get(self.site + "/")
        self.click(By.LINK_TEXT, "Login")

        self.seen["authorize_url"] = self.authorize_as(user)

        self.step = "land on the home page logged in"
        self.wait.until(expected_conditions.presence_of_element_located((By.CSS_SELECTOR, ".user-login")))
        self.wait.until(lambda driver: self.avatar_settled())
        self.seen["home"] = self.page_facts()
        self.screenshot("home-logged-in.png")

        self.step = "open Page 1"
        self.click(By.LINK_TEXT, "Page 1")
        self.wait.until(expected_conditions.title_contains("Page 1"))
        self.wait.until(lambda driver: self.avatar_settled())
        self.seen["page1"] = self.page_facts()
        self.screenshot("page1.png")

        self.step = "click Logout"
        self.log_out()
        self.seen["logged_out"] = self.page_facts()

    def gate_walk(self, user, outsider):
        self.step = f"open {PROTECTED_URL} anonymously and log in as {user}"
        self.driver.get(self.site + PROTECTED_URL)
        self.seen["gate_authorize_url"] = self.authorize_as(user)
        self.wait.until(expected_conditions.title_contains("Who am I"))
        self.seen["whoami"] = self.identity_facts()
        self.screenshot("whoami.png")

        self.step = "log out from the home page"
        self.driver.get(self.site + "/")
        self.log_out()

        self.step = f"open {TEAM_URL} anonymously and log in as {outsider}, outside the team"
        self.driver.get(self.site + TEAM_URL)
        self.authorize_as(outsider)
        self.wait.until(expected_conditions.title_contains("Access denied"))
        self.wait.until(lambda driver: self.avatar_settled())
        self.seen["refused"] = dict(self.page_facts(), reason=self.text_of(".denied-reason"),
                                    relogin=self.text_of("a.relogin"))
        self.screenshot("refused.png")

    def authorize_as(self, user):
        """On the stand-in's authorize page: pick user, click Authorize; returns its URL."""
        self.wait.until(expected_conditions.title_contains("Authorize"))
        url = self.driver.current_url
        self.click(By.CSS_SELECTOR, f'input[name="user"][value="{user}"]')
        self.click(By.CSS_SELECTOR, 'button[value="authorize"]')
        return url

    def log_out(self):
        self.click(By.CSS_SELECTOR, ".logout-form button")
        self.wait.until(expected_conditions.presence_of_element_located((By.CLASS_NAME, "login-link")))

    def text_of(self, css):
        found = self.driver.find_elements(By.CSS_SELECTOR, css)
        return found[0].text if found else None

    def identity_facts(self):
        """scripts/identity-app's page: who it names, and each header row's cells."""
        rows = {}
        for row in self.driver.find_elements(By.CSS_SELECTOR, "table.identity-headers tbody tr"):
            name = row.find_element(By.TAG_NAME, "th").text
            rows[name] = [cell.text for cell in row.find_elements(By.TAG_NAME, "td")]
        return {"url": self.driver.current_url, "title": self.driver.title,
                "user": self.text_of(".identity-user"), "headers": rows}

    def click(self, by, what):
        self.wait.until(expected_conditions.element_to_be_clickable((by, what))).click()

    def avatar_settled(self):
        images = self.driver.find_elements(By.CSS_SELECTOR, "img.avatar")
        return not images or images[0].get_property("complete")

    def page_facts(self):
        find = self.driver.find_elements
        avatar = find(By.CSS_SELECTOR, "img.avatar")
        user_data = find(By.CSS_SELECTOR, "pre.user-data")
        return {
            "url": self.driver.current_url,
            "title": self.driver.title,
            "navbar": self.driver.find_element(By.CSS_SELECTOR, ".nav-user").text,
            "flashes": [item.text for item in find(By.CSS_SELECTOR, ".flash-messages li")],
            "login_links": len(find(By.CLASS_NAME, "login-link")),
            "avatar_src": avatar[0].get_attribute("src") if avatar else None,
            "avatar_natural_width": avatar[0].get_property("naturalWidth") if avatar else None,
            "user_data": user_data[0].text if user_data else None,
        }

    def screenshot(self, name):
        path = f"{self.out_dir}/{name}"
        if not self.driver.save_screenshot(path):
            raise RuntimeError(f"Chromium saved no screenshot to {path}")
        self.seen["screenshots"].append(path)


def where_it_stopped(driver, out_dir):
    """The page a failed walk stopped on, as far as the browser can still tell."""
    try:
        driver.save_screenshot(f"{out_dir}/failure.png")
        return {"url": driver.current_url, "page_text": driver.find_element(By.TAG_NAME, "body").text}
    except Exception as error:  # the browser itself may be what failed
        return {"url": None, "page_text": f"(the browser could not tell: {error})"}


def console_messages(driver):
    return [{"level": entry.get("level"), "message": entry.get("message")}
            for entry in driver.get_log("browser")]


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--site", required=True, help="the demo's URL, http://127.0.0.1:PORT")
    parser.add_argument("--out", required=True, help="folder for the screenshots")
    parser.add_argument("--user", default="mona", help="demo user to log in as (mona)")
    parser.add_argument("--outsider", default="nameless",
                        help="demo member outside team core, refused at /core-team/ (nameless)")
    parser.add_argument("--width", type=int, default=1280)
    parser.add_argument("--height", type=int, default=900)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="orggate-chromium-") as profile_dir:
        driver = start_chromium(profile_dir, args.width, args.height)
        walk = Walk(driver, args.site, args.out)
        status = 0
        try:
            walk.run(args.user, args.outsider)
        except Exception:
            status = 1
            walk.seen.update(error=traceback.format_exc(), failed_step=walk.step)
            walk.seen.update(where_it_stopped(driver, args.out))
        finally:
            walk.seen["console"] = console_messages(driver)
            driver.quit()
    print(json.dumps(walk.seen, indent=2))
    return status


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""scripts/nginx-config: both modes render configs nginx accepts, and unsafe values are refused."""

import os
import re
import subprocess
import tempfile
import unittest
from pathlib import Path

from processes import free_port
from stack import REPO

RENDERER = str(REPO / "scripts/nginx-config")


def render(*args):
    return subprocess.run([RENDERER, *args], capture_output=True, text=True)


def nginx_accepts(prefix, conf):
    result = subprocess.run(["nginx", "-t", "-p", str(prefix), "-c", str(conf),
                             "-e", str(prefix / "error.log")], capture_output=True, text=True)
    return result.returncode == 0, result.stderr


class NginxConfigTest(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory(prefix="orggate-conf-")
        self.addCleanup(tmp.cleanup)
        self.tmp = Path(tmp.name)
        self.cert, self.key = self.tmp / "cert.pem", self.tmp / "key.pem"
        subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                        "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", str(self.key),
                        "-out", str(self.cert), "-days", "1", "-subj", "/CN=localhost"],
                       check=True, capture_output=True)

    def test_local_config_is_accepted_by_nginx_with_and_without_tls(self):
        for tls in [False, True]:
            with self.subTest(tls=tls):
                out = self.tmp / f"local-{tls}"
                extra = ["--tls-port", "8443", "--cert", str(self.cert), "--key", str(self.key)]
                result = render("local", "--out", str(out), "--port", "8080",
                                *(extra if tls else []))
                self.assertEqual(result.returncode, 0, result.stderr)
                text = (out / "nginx.conf").read_text()
                self.assertEqual("listen 127.0.0.1:8443 ssl;" in text, tls)
                self.assertNotIn("Strict-Transport-Security", text)
                self.assertNotRegex(text + (out / "orggate.conf").read_text(), r"@[A-Z_]+@")
                ok, errors = nginx_accepts(out, out / "nginx.conf")
                self.assertTrue(ok, errors)

    def test_local_config_runs_workers_as_root_only_when_rendered_by_root(self):
        out = self.tmp / "local"
        self.assertEqual(render("local", "--out", str(out)).returncode, 0)
        has_user_root = "\nuser root;" in (out / "nginx.conf").read_text()
        self.assertEqual(has_user_root, os.geteuid() == 0)

    def test_site_config_is_accepted_by_nginx(self):
        out = self.tmp / "site"
        result = render("site", "--out", str(out), "--server-name", "gate.example.org",
                        "--cert", str(self.cert), "--key", str(self.key),
                        "--snippet-path", str(out / "orggate.conf"))
        self.assertEqual(result.returncode, 0, result.stderr)
        site = (out / "orggate-site.conf").read_text()
        self.assertIn("server_name gate.example.org;", site)
        self.assertIn("return 301 https://$host$request_uri;", site)
        self.assertIn("/.well-known/acme-challenge/", site)
        self.assertIn('add_header Strict-Transport-Security "max-age=', site)
        self.assertIn("listen 443 ssl http2;", site)
        # nginx -t opens the log files and binds the ports: point the VPS's logs at the temp
        # dir and its ports at free loopback ones, so the check needs no root and leaves nothing.
        ports = {"80": str(free_port()), "443": str(free_port())}
        testable_site = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", site)
        testable_site = re.sub(r"listen (80|443)\b", lambda m: f"listen 127.0.0.1:{ports[m[1]]}",
                               testable_site)
        testable = self.tmp / "site-testable.conf"
        testable.write_text(testable_site.replace("/var/log/nginx/", f"{self.tmp}/"))
        wrapper = self.tmp / "nginx.conf"
        wrapper.write_text(f"pid {self.tmp}/nginx.pid;\nevents {{}}\n"
                           f"http {{ include {testable}; }}\n")
        ok, errors = nginx_accepts(self.tmp, wrapper)
        self.assertTrue(ok, errors)

    def test_site_defaults_to_certbot_paths(self):
        out = self.tmp / "site"
        self.assertEqual(render("site", "--out", str(out), "--server-name", "gate.example.org")
                         .returncode, 0)
        site = (out / "orggate-site.conf").read_text()
        self.assertIn("/etc/letsencrypt/live/gate.example.org/fullchain.pem", site)
        self.assertIn("/etc/letsencrypt/live/gate.example.org/privkey.pem", site)

    def test_site_needs_a_server_name(self):
        result = render("site", "--out", str(self.tmp / "site"))
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("--server-name", result.stderr)

    def test_csp_sources_are_no_longer_options(self):
        # orggate's own CSP follows GITHUB_URL; nginx's covers only what orggate did not answer.
        for option in ["--img-src", "--form-action"]:
            with self.subTest(option=option):
                result = render("local", "--out", str(self.tmp / "local"), option, "x")
                self.assertNotEqual(result.returncode, 0)
                self.assertIn("unknown option", result.stderr)

    def test_values_that_could_break_out_of_a_directive_are_refused(self):
        out = str(self.tmp / "local")
        cases = [["--socket", "/tmp/a;b.sock"], ["--socket", '/tmp/x" always; add_header A "b'],
                 ["--static-dir", "/tmp/x}"], ["--static-dir", "/tmp/$http_host"],
                 ["--socket", "/tmp/a\nb"],
                 ["--server-name", "a;b"], ["--port", "80; x"], ["--port", "70000"]]
        for case in cases:
            with self.subTest(case=case):
                result = render("local", "--out", out, *case)
                self.assertNotEqual(result.returncode, 0)
                self.assertTrue(result.stderr.strip())

    def test_the_snippet_uses_no_add_header_inside_locations(self):
        # An add_header inside a location would silently drop the server-level security headers.
        depth = 0
        for number, line in enumerate((REPO / "nginx/orggate.conf.in").read_text().splitlines(), 1):
            code = line.split("#", 1)[0]
            if "add_header" in code:
                self.assertEqual(depth, 0, f"line {number}: add_header inside a block")
            depth += code.count("{") - code.count("}")


if __name__ == "__main__":
    unittest.main()

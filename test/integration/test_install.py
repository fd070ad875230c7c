"""`make install` / `make uninstall` into a DESTDIR, for two PREFIXes: every file with its mode,
nginx and systemd accept what was installed, orggate serves from the installed tree behind the
installed nginx site, the operator's env file survives, and uninstall leaves nothing else."""

import filecmp
import http.client
import os
import re
import shutil
import socket
import ssl
import subprocess
import tempfile
import time
import unittest
from pathlib import Path

from page import Response, has_login_link
from processes import free_port
from stack import REPO, base_settings, build_dir, clean_environment

REQUIRED = ["GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET", "APP_SECRET_KEY", "GITHUB_ORG"]
ENV_FILE = "etc/orggate/orggate.env"
SITE = "etc/nginx/sites-available/orggate"
SNIPPET = "etc/nginx/snippets/orggate.conf"
PROTECT = "etc/nginx/snippets/orggate-protect.conf"
SERVICE = "etc/systemd/system/orggate.service"
SOCKET_UNIT = "etc/systemd/system/orggate.socket"
# The service's systemd-analyze security exposure (0 best, 10 worst); it was 1.1 with systemd 252.
MAX_EXPOSURE = 1.2


def make(*args):
    """`make ARGS` in the repo against the build under test (relative, as make's deps are)."""
    build = build_dir()
    build_arg = os.path.relpath(build, REPO) if build.is_relative_to(REPO) else str(build)
    return subprocess.run(["make", "--no-print-directory", "-C", str(REPO), *args,
                           f"BUILD={build_arg}"], capture_output=True, text=True, timeout=300)


def files_under(root):
    """Every file (and symlink) under root, as paths relative to it."""
    return {path.relative_to(root) for path in Path(root).rglob("*") if not path.is_dir()}


def self_signed_certificate(folder):
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
                    "ec_paramgen_curve:prime256v1", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "1", "-subj", "/CN=localhost"],
                   check=True, capture_output=True)
    return cert, key


class InstalledTree:
    """The tests, run against one `make install DESTDIR=... PREFIX=<PREFIX>` shared by the class;
    tests that change a tree make their own."""

    PREFIX = None

    @classmethod
    def setUpClass(cls):
        cls.tmp_holder = tempfile.TemporaryDirectory(prefix="orggate-install-")
        cls.tmp = Path(cls.tmp_holder.name)
        cls.root = cls.tmp / "root"
        cls.first_install = cls.install(cls.root)

    @classmethod
    def tearDownClass(cls):
        cls.tmp_holder.cleanup()

    @classmethod
    def install(cls, root):
        result = make("install", f"DESTDIR={root}", f"PREFIX={cls.PREFIX}")
        if result.returncode != 0:
            raise AssertionError(f"make install failed:\n{result.stdout}{result.stderr}")
        return result

    def uninstall(self, root):
        result = make("uninstall", f"DESTDIR={root}", f"PREFIX={self.PREFIX}")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        return result

    def installed(self, path):
        """A path of the installed system, inside the DESTDIR."""
        return self.root / str(path).lstrip("/")

    @property
    def data_dir(self):
        return f"{self.PREFIX}/share/orggate"

    def expected_modes(self):
        data = self.data_dir.lstrip("/")
        modes = {f"{self.PREFIX.lstrip('/')}/sbin/orggate": 0o755,
                 f"{data}/orggate.env.example": 0o644, f"{data}/install-manifest": 0o644,
                 SITE: 0o644, SNIPPET: 0o644, PROTECT: 0o644, SERVICE: 0o644, SOCKET_UNIT: 0o644,
                 ENV_FILE: 0o600}
        for folder in ["templates", "static"]:
            for path in (REPO / folder).iterdir():
                modes[f"{data}/{folder}/{path.name}"] = 0o644
        return {Path(path): mode for path, mode in modes.items()}

    # ---- files and modes -----------------------------------------------------------------

    def test_every_file_is_installed_with_its_mode_and_nothing_else(self):
        expected = self.expected_modes()
        self.assertEqual(files_under(self.root), set(expected))
        for path, mode in expected.items():
            with self.subTest(path=str(path)):
                self.assertEqual((self.root / path).stat().st_mode & 0o7777, mode)
        self.assertEqual(self.installed("/etc/orggate").stat().st_mode & 0o777, 0o700)
        self.assertTrue(filecmp.cmp(build_dir() / "orggate",
                                    self.installed(f"{self.PREFIX}/sbin/orggate"), shallow=False))
        # SERVER_NAME's default is the example's own placeholder: the example as shipped.
        for path in [ENV_FILE, f"{self.data_dir}/orggate.env.example"]:
            self.assertTrue(filecmp.cmp(REPO / "scripts/orggate.env.example",
                                        self.installed(path), shallow=False), path)

    def test_install_says_what_it_does(self):
        out = self.first_install.stdout
        binary = re.escape(f"{self.root}{self.PREFIX}/sbin/orggate")
        self.assertRegex(out, rf"\ninstall -m 0755 \S+/orggate {binary}\n")
        self.assertIn(f"render scripts/orggate.env.example -> {self.root}/{ENV_FILE} (mode 0600, "
                      "ORGGATE_PUBLIC_URL=https://example.org)", out)
        self.assertIn("systemctl enable --now orggate.socket", out)
        self.assertIn("server_name example.org", out)

    # ---- nginx ---------------------------------------------------------------------------

    def test_nginx_files_use_the_installed_paths_and_pass_nginx_t(self):
        snippet = self.installed(SNIPPET).read_text()
        site = self.installed(SITE).read_text()
        self.assertIn(f'alias "{self.data_dir}/static/";', snippet)
        self.assertIn("fastcgi_pass orggate;", snippet)
        self.assertIn("fastcgi_keep_conn on;", snippet)
        self.assertRegex(site, r"upstream orggate \{\s*server unix:/run/orggate/orggate\.sock;"
                               r"\s*keepalive \d+;")
        self.assertIn("server_name example.org;", site)
        self.assertIn('include "/etc/nginx/snippets/orggate.conf";', site)
        self.assertIn("/etc/letsencrypt/live/example.org/fullchain.pem", site)
        # The gate's per-location snippet, as shipped (it has no placeholders).
        self.assertTrue(filecmp.cmp(REPO / "nginx/orggate-protect.conf", self.installed(PROTECT),
                                    shallow=False))
        self.assertIn("location ^~ /_orggate/check {", snippet)
        conf, _ = self.runnable_nginx_config(self.tmp / "nginx-t", "/run/orggate/orggate.sock")
        result = subprocess.run(["nginx", "-t", "-p", str(conf.parent), "-c", str(conf),
                                 "-e", str(conf.parent / "error.log")],
                                capture_output=True, text=True)
        self.assertEqual(result.returncode, 0, result.stderr)

    def runnable_nginx_config(self, folder, socket_path):
        """The installed site and snippet made runnable without root: ports, logs, certificates
        and the socket moved into `folder`, the snippet and static files read from DESTDIR.
        Returns (nginx.conf, {80: port, 443: port})."""
        folder.mkdir()
        cert, key = self_signed_certificate(folder)
        ports = {"80": free_port(), "443": free_port()}
        snippet = self.installed(SNIPPET).read_text()
        static_dir = f"{self.data_dir}/static/"
        snippet = snippet.replace(f'"{static_dir}"', f'"{self.installed(static_dir)}/"')
        (folder / "snippet.conf").write_text(snippet)
        site = self.installed(SITE).read_text()
        site = site.replace("unix:/run/orggate/orggate.sock", f"unix:{socket_path}")
        site = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", site)
        site = re.sub(r"listen (80|443)\b", lambda m: f"listen 127.0.0.1:{ports[m[1]]}", site)
        site = site.replace("/var/log/nginx/", f"{folder}/")
        site = site.replace("/etc/letsencrypt/live/example.org/fullchain.pem", str(cert))
        site = site.replace("/etc/letsencrypt/live/example.org/privkey.pem", str(key))
        # A protected location using the installed gate snippet, so nginx -t checks it too.
        protected = (f'location /protected/ {{ auth_request /_orggate/check/team:infra; '
                     f'include "{self.installed(PROTECT)}"; return 200; }}\n')
        site = site.replace('include "/etc/nginx/snippets/orggate.conf";',
                            f'include "{folder / "snippet.conf"}";\n{protected}')
        (folder / "site.conf").write_text(site)
        # A root master would hand requests to "nobody", who cannot enter the temp folders.
        user = "user root;\n" if os.geteuid() == 0 else ""
        temp_paths = "".join(f"    {kind}_temp_path {folder}/tmp-{kind};\n"
                             for kind in ["client_body", "proxy", "fastcgi", "uwsgi", "scgi"])
        conf = folder / "nginx.conf"
        conf.write_text(f"{user}daemon off;\npid {folder}/nginx.pid;\nevents {{}}\n"
                        f"http {{\n{temp_paths}    include {folder / 'site.conf'};\n}}\n")
        return conf, ports

    # ---- systemd -------------------------------------------------------------------------

    def test_units_name_the_installed_paths(self):
        service = self.installed(SERVICE).read_text()
        self.assertIn(f"\nExecStart={self.PREFIX}/sbin/orggate\n", service)
        self.assertIn(f"\nEnvironment=ORGGATE_TEMPLATE_DIR={self.data_dir}/templates\n", service)
        self.assertIn("\nEnvironmentFile=/etc/orggate/orggate.env\n", service)
        self.assertIn("\nEnvironment=ORGGATE_SESSION_DIR=/var/lib/orggate/sessions\n", service)
        socket_unit = self.installed(SOCKET_UNIT).read_text()
        self.assertIn("\nListenStream=/run/orggate/orggate.sock\n", socket_unit)
        self.assertIn("\nSocketGroup=www-data\n", socket_unit)
        self.assertIn("\nSocketMode=0660\n", socket_unit)
        self.assertNotRegex(service + socket_unit, r"@[A-Z_]+@")

    @unittest.skipIf(shutil.which("systemd-analyze") is None, "systemd-analyze is not installed")
    def test_units_pass_systemd_analyze_verify_and_score_low_on_security(self):
        root = self.verify_root()
        units = [f"/{SERVICE}", f"/{SOCKET_UNIT}"]
        verify = subprocess.run(["systemd-analyze", "verify", "--man=no", "--generators=no",
                                 f"--root={root}", *units], capture_output=True, text=True)
        # verify only warns about unknown keys and bad values: its output must be empty too.
        self.assertEqual((verify.returncode, verify.stdout + verify.stderr), (0, ""))
        security = subprocess.run(["systemd-analyze", "security", "--offline=true", "--no-pager",
                                   f"--root={root}", "orggate.service"],
                                  capture_output=True, text=True)
        match = re.search(r"Overall exposure level for orggate.service: (\d+\.\d+)",
                          security.stdout)
        self.assertIsNotNone(match, security.stdout + security.stderr)
        self.assertLessEqual(float(match[1]), MAX_EXPOSURE, security.stdout)

    def verify_root(self):
        """A root for --root: the installed tree (hard links) plus the host's own units, which
        verify needs for the dependencies every unit has (sysinit.target, ...)."""
        root = self.tmp / "verify-root"
        if not root.exists():
            shutil.copytree(self.root, root, copy_function=os.link)
            shutil.copytree("/usr/lib/systemd/system", root / "usr/lib/systemd/system",
                            symlinks=True)
        return root

    # ---- running the installed tree --------------------------------------------------------

    def test_the_unedited_env_file_stops_orggate_naming_the_four_required_settings(self):
        result = subprocess.run([str(self.installed(f"{self.PREFIX}/sbin/orggate")),
                                 "--env-file", str(self.installed(ENV_FILE))],
                                env=clean_environment({}), capture_output=True, text=True,
                                stdin=subprocess.DEVNULL, timeout=10)
        self.assertEqual(result.returncode, 2, result.stderr)
        for name in REQUIRED:
            self.assertIn(f"{name} is not set", result.stderr)
        self.assertNotIn("ORGGATE_PUBLIC_URL", result.stderr)  # install wrote it

    def test_installed_orggate_finds_its_templates_without_being_told(self):
        settings = {"GITHUB_CLIENT_ID": "id", "GITHUB_CLIENT_SECRET": "secret",
                    "APP_SECRET_KEY": "k" * 32, "GITHUB_ORG": "acme",
                    "ORGGATE_PUBLIC_URL": "https://gate.example.org",
                    "ORGGATE_SESSION_DIR": str(self.tmp / "no-sessions-yet")}
        result = subprocess.run([str(self.installed(f"{self.PREFIX}/sbin/orggate")),
                                 "check-config"], env=clean_environment(settings),
                                capture_output=True, text=True, stdin=subprocess.DEVNULL,
                                timeout=10)
        templates = self.installed(f"{self.PREFIX}/share/orggate/templates")
        self.assertIn(f"PASS templates load from {templates}", result.stdout)
        self.assertEqual(result.returncode, 0, result.stdout)

    def test_installed_orggate_serves_behind_the_installed_nginx_site(self):
        folder = self.tmp / "serve"
        socket_path = self.tmp / "orggate.sock"
        conf, ports = self.runnable_nginx_config(folder, socket_path)
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        listener.bind(str(socket_path))
        listener.listen(16)
        self.addCleanup(listener.close)
        orggate = self.start_installed_orggate(listener.fileno(), folder)
        nginx = subprocess.Popen(["nginx", "-p", str(folder), "-c", str(conf),
                                  "-e", str(folder / "error.log")], stdin=subprocess.DEVNULL,
                                 stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        self.addCleanup(stop, nginx)
        self.wait_for_port(ports["443"], nginx)

        home = https_get(ports["443"], "/")
        self.assertEqual(home.status, 200, home.text[:300])
        self.assertTrue(has_login_link(home), home.text[:300])
        self.assertIn("Strict-Transport-Security", dict(home.headers))
        css = https_get(ports["443"], "/static/orggate.css")
        self.assertEqual(css.status, 200)
        installed_css = self.installed(f"{self.data_dir}/static/orggate.css")
        self.assertEqual(css.body, installed_css.read_bytes())
        redirect = http_get(ports["80"], "/page1")
        self.assertEqual((redirect.status, redirect.header("Location")),
                         (301, "https://example.org/page1"))
        self.assertEqual(stop(orggate), 0)

    def start_installed_orggate(self, listen_fd, folder):
        """As orggate.service would: the unit's Environment= (paths moved into DESTDIR), the
        operator's filled-in env file, and the socket from systemd on fd 3."""
        settings = base_settings(folder / "sessions")
        env_text = self.installed(ENV_FILE).read_text()
        for name in REQUIRED:
            env_text = env_text.replace(f"\n{name}=\n", f"\n{name}={settings[name]}\n")
        filled = folder / "orggate.env"
        filled.write_text(env_text)
        template_dir = re.search(r"\nEnvironment=ORGGATE_TEMPLATE_DIR=(\S+)\n",
                                 self.installed(SERVICE).read_text())[1]
        environment = {"ORGGATE_TEMPLATE_DIR": str(self.installed(template_dir)),
                       "ORGGATE_SESSION_DIR": str(folder / "sessions")}
        orggate = subprocess.Popen(
            ["sh", "-c", 'LISTEN_PID=$$ LISTEN_FDS=1 exec "$0" --env-file "$1"',
             str(self.installed(f"{self.PREFIX}/sbin/orggate")), str(filled)],
            env=clean_environment(environment), stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            pass_fds=(3,), preexec_fn=lambda: os.dup2(listen_fd, 3))
        self.addCleanup(stop, orggate)
        return orggate

    def wait_for_port(self, port, process):
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            self.assertIsNone(process.poll(), "nginx exited during start-up")
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    return
            time.sleep(0.05)
        self.fail("nginx did not start")

    # ---- reinstall and uninstall ------------------------------------------------------------

    def test_reinstall_keeps_an_edited_env_file_and_uninstall_leaves_only_it(self):
        root = self.tmp / "edited"
        self.install(root)
        env_file = root / ENV_FILE
        env_file.write_text(env_file.read_text() + "GITHUB_ORG=my-org\n")
        edited = env_file.read_text()

        again = self.install(root)
        self.assertIn(f"keep {env_file}: it exists, so it is not overwritten", again.stdout)
        self.assertEqual(env_file.read_text(), edited)
        self.assertEqual(env_file.stat().st_mode & 0o777, 0o600)

        removed = self.uninstall(root)
        self.assertIn(f"keep {env_file}: it differs from the shipped example", removed.stdout)
        self.assertIn(f"rm {root}{self.PREFIX}/sbin/orggate", removed.stdout)
        self.assertEqual(files_under(root), {Path(ENV_FILE)})
        self.assertEqual(env_file.read_text(), edited)
        self.assertEqual({path.relative_to(root) for path in root.rglob("*")},
                         {Path("etc"), Path("etc/orggate"), Path(ENV_FILE)})

    def test_server_name_is_the_public_url_of_a_new_env_file(self):
        root = self.tmp / "named"
        result = make("install", f"DESTDIR={root}", f"PREFIX={self.PREFIX}",
                      "SERVER_NAME=gate.example.org www.gate.example.org")
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)
        env_text = (root / ENV_FILE).read_text()
        self.assertIn("\nORGGATE_PUBLIC_URL=https://gate.example.org\n", env_text)
        self.assertEqual(env_text.count("ORGGATE_PUBLIC_URL="), 1)
        self.assertIn("server_name gate.example.org www.gate.example.org;",
                      (root / SITE).read_text())
        # Untouched, it is still the install's own and goes with uninstall.
        removed = make("uninstall", f"DESTDIR={root}", f"PREFIX={self.PREFIX}")
        self.assertEqual(removed.returncode, 0, removed.stdout + removed.stderr)
        self.assertFalse((root / ENV_FILE).exists())

    def test_an_older_env_file_without_a_public_url_is_flagged_on_upgrade(self):
        root = self.tmp / "older"
        self.install(root)
        env_file = root / ENV_FILE
        env_file.write_text("GITHUB_ORG=my-org\n#ORGGATE_PUBLIC_URL=https://example.org\n")
        again = self.install(root)
        self.assertIn(f"WARNING: /{ENV_FILE} sets no ORGGATE_PUBLIC_URL", again.stdout)
        self.assertIn("Add: ORGGATE_PUBLIC_URL=https://example.org", again.stdout)
        self.assertEqual(env_file.read_text(),
                         "GITHUB_ORG=my-org\n#ORGGATE_PUBLIC_URL=https://example.org\n")

    def test_uninstall_of_an_untouched_install_leaves_nothing(self):
        root = self.tmp / "untouched"
        self.install(root)
        self.uninstall(root)
        self.assertEqual(list(root.iterdir()), [])

    def test_uninstall_removes_only_what_install_put_there(self):
        root = self.tmp / "shared"
        # A site of the operator's, and a file they put in orggate's folder.
        theirs = [root / "etc/nginx/sites-available/default",
                  root / self.data_dir.lstrip("/") / "notes.txt"]
        for path in theirs:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text("not orggate's\n")
        self.install(root)
        self.uninstall(root)
        self.assertEqual(files_under(root), {path.relative_to(root) for path in theirs})

    def test_uninstall_refuses_while_the_site_or_the_socket_is_enabled(self):
        # Removing what a link still points at would break `nginx -t` or leave systemd a
        # dangling unit: uninstall says what to undo first and removes nothing.
        links = {"etc/nginx/sites-enabled/orggate": "../sites-available/orggate",
                 "etc/systemd/system/sockets.target.wants/orggate.socket":
                     "/etc/systemd/system/orggate.socket"}
        for number, (link, target) in enumerate(links.items()):
            with self.subTest(link=link):
                root = self.tmp / f"enabled-{number}"
                self.install(root)
                (root / link).parent.mkdir(parents=True)
                (root / link).symlink_to(target)
                result = make("uninstall", f"DESTDIR={root}", f"PREFIX={self.PREFIX}")
                self.assertNotEqual(result.returncode, 0)
                self.assertIn(f"/{link} (", result.stderr)
                self.assertIn("nothing was removed", result.stderr)
                self.assertTrue((root / SITE).exists())
                self.assertTrue(self.installed(f"{self.PREFIX}/sbin/orggate").exists())

def stop(process):
    if process.poll() is None:
        process.terminate()
    try:
        return process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()
        return process.wait()


def https_get(port, path):
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    connection = http.client.HTTPSConnection("127.0.0.1", port, timeout=10, context=context)
    return _get(connection, path)


def http_get(port, path):
    return _get(http.client.HTTPConnection("127.0.0.1", port, timeout=10), path)


def _get(connection, path):
    try:
        connection.request("GET", path, headers={"Host": "example.org"})
        answer = connection.getresponse()
        return Response(answer.status, answer.getheaders(), answer.read(), url=path)
    finally:
        connection.close()


class InstallUsrLocalTest(InstalledTree, unittest.TestCase):
    PREFIX = "/usr/local"


class InstallOptTest(InstalledTree, unittest.TestCase):
    PREFIX = "/opt/orggate"


if __name__ == "__main__":
    unittest.main()

"""The integration Stack plus a bare nginx server beside the site, for make bench's yardsticks:
nginx's own `return 200`, a 1 KB static file and a proxied page, with none of orggate's config
around them; a tiny upstream app (nginx itself); and the same file and page behind the gate."""

from processes import free_port
from stack import Stack

BARE_SERVER = """
    # make bench's yardsticks: what nginx costs on its own, in the same process and run.
    server {{
        listen 127.0.0.1:{port};
        location = /return200 {{
            return 200 "ok\\n";
        }}
        location /plain/ {{
            alias "{folder}/";
        }}
        location /app/ {{
            proxy_set_header Host $host;
            proxy_pass http://127.0.0.1:{upstream_port}/;
        }}
    }}
    # The proxied app of the proxied scenarios: nginx answering a small page, so the app's own
    # cost is nginx's, measured with it, and not a Python server's.
    server {{
        listen 127.0.0.1:{upstream_port};
        location / {{
            default_type text/html;
            return 200 "{page}";
        }}
    }}
"""

# The site's protected locations, as docs/GATE.md writes them: a static folder and a proxied app.
GATED_LOCATIONS = """
location /gated/ {{
    auth_request /_orggate/check;
    include "@PREFIX@/orggate-protect.conf";
    alias "{folder}/";
}}
location /gated-app/ {{
    auth_request /_orggate/check;
    include "@PREFIX@/orggate-protect.conf";
    proxy_set_header Host $host;
    proxy_pass http://127.0.0.1:{upstream_port}/;
}}
"""

# A few hundred bytes of HTML, as a small app page would be.
UPSTREAM_PAGE = ("<!DOCTYPE html>\\n<html lang='en'><head><meta charset='utf-8'>"
                 "<title>The upstream app</title></head>\\n<body><main><h1>Hello</h1>\\n<p>" +
                 "A page of the app behind the gate. " * 8 + "</p></main></body></html>\\n")
UPSTREAM_PAGE_BYTES = UPSTREAM_PAGE.replace("\\n", "\n").encode()  # as nginx sends it
STATIC_FILE = "x" * 1023 + "\n"


class BenchStack(Stack):
    def _render_nginx_config(self):
        self.bare_port, self.upstream_port = free_port(), free_port()
        folder = self.tmp / "plain"
        folder.mkdir()
        (folder / "1k.txt").write_text(STATIC_FILE)
        self.server_extra = GATED_LOCATIONS.format(folder=folder, upstream_port=self.upstream_port)
        super()._render_nginx_config()
        config = self.prefix / "nginx.conf"
        text = config.read_text()
        end = text.rstrip().rfind("}")  # the http block's end
        config.write_text(text[:end] + BARE_SERVER.format(
            port=self.bare_port, folder=folder, upstream_port=self.upstream_port,
            page=UPSTREAM_PAGE) + text[end:])

"""The integration Stack plus a bare nginx server beside the site, for make bench's yardsticks:
nginx's own `return 200` and a 1 KB static file, with none of orggate's config around them."""

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
    }}
"""


class BenchStack(Stack):
    def _render_nginx_config(self):
        super()._render_nginx_config()
        self.bare_port = free_port()
        folder = self.tmp / "plain"
        folder.mkdir()
        (folder / "1k.txt").write_text("x" * 1023 + "\n")
        config = self.prefix / "nginx.conf"
        text = config.read_text()
        end = text.rstrip().rfind("}")  # the http block's end
        config.write_text(text[:end] + BARE_SERVER.format(port=self.bare_port, folder=folder) +
                          text[end:])

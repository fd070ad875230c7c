"""The HTTP server: reads a request, hands it to the pipeline, writes the answer, logs a line."""

import socket
import sys
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from .github_answers import UNICORN_PAGE
from .http_values import DROP, Request, first_values, html_response
from .pages import message_page
from .routes import respond

MAX_BODY = 64 * 1024


class StandInServer(ThreadingHTTPServer):
    daemon_threads = True  # a hung request must not hold up the exit
    # A load test opens a hundred connections at once; socketserver's default backlog of 5
    # would drop the rest's SYNs and add a one-second retransmit to each.
    request_queue_size = 256

    def __init__(self, config, stand_in_factory):
        if ":" in config.host:
            self.address_family = socket.AF_INET6
        super().__init__((config.host, config.port), StandInHandler)
        self.stand_in = stand_in_factory(self.server_address[1])


class StandInHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    timeout = 60  # an idle keep-alive connection gives up its thread after this
    # Headers and body go out in two writes; with Nagle on, the body waits for the client's
    # delayed ACK (~40 ms) on every keep-alive answer, a latency GitHub does not have.
    disable_nagle_algorithm = True

    def do_GET(self):
        self.serve()

    do_POST = do_DELETE = do_PUT = do_PATCH = do_GET

    def version_string(self):
        return "GitHub.com"

    def serve(self):
        started = time.monotonic()
        stand_in = self.server.stand_in
        request = self.read_request()
        if request is None:
            return
        try:
            response, entry = respond(stand_in, request)
        except Exception as error:  # the stand-in's own bug: say so, keep serving
            print(f"github-stand-in: {request.method} {request.path} failed: {type(error).__name__}",
                  file=sys.stderr, flush=True)
            response, entry = html_response(500, UNICORN_PAGE), None
        # Logged before the write: a client may read the log the moment its answer arrives.
        if entry is not None:
            stand_in.state.set_status(entry, None if response is DROP else response.status)
        status = self.send(response)
        elapsed = (time.monotonic() - started) * 1000
        # Path only: queries carry state and challenges; secrets never reach this line.
        print(f"github-stand-in: {request.method} {request.path} {status or 'dropped'} {elapsed:.0f}ms",
              file=sys.stderr, flush=True)

    def read_request(self):
        target = urlsplit(self.path)
        length = self.headers.get("Content-Length", "0")
        refusal = None
        if self.headers.get("Transfer-Encoding"):
            refusal = message_page(411, "Length required", "Send the body with a Content-Length.")
        elif not length.isdigit() or int(length) > MAX_BODY:
            refusal = message_page(413, "Request too large", "Send at most 64 KiB with a Content-Length.")
        if refusal:
            self.close_connection = True
            self.send(refusal)
            return None
        body = self.rfile.read(int(length))
        headers = {name.lower(): value for name, value in self.headers.items()}
        return Request(self.command, target.path or "/", first_values(target.query), headers, body,
                       self.client_address[0])

    def send(self, response):
        """Writes the response; returns its status, or None when the connection was dropped."""
        if response is DROP:
            self.close_connection = True
            return None
        try:
            self.send_response(response.status)
            for name, value in response.headers:
                self.send_header(name, value)
            if response.status not in (204, 304):
                self.send_header("Content-Length", str(len(response.body)))
            self.end_headers()
            if response.status not in (204, 304):
                self.wfile.write(response.body)
        except OSError:  # the client went away (a timeout in a fault test, say)
            self.close_connection = True
        return response.status

    def log_request(self, code="-", size="-"):
        pass  # serve() writes its own line

    def log_error(self, format, *args):
        # The default message may quote the raw request line, query string and all.
        print("github-stand-in: malformed request refused", file=sys.stderr, flush=True)

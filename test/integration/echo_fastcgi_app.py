#!/usr/bin/env python3
"""A tiny FastCGI responder for the gate's tests and the demo: answers every request with the
params nginx sent it, as JSON ({"params": {name: value}, "body"}), like a PHP-FPM app would see
them ($_SERVER).

Run: python3 echo_fastcgi_app.py --socket PATH   (a unix socket it creates); it prints the
socket's path as its first line, then serves until stopped. One request per connection."""

import argparse
import json
import os
import socket
import struct
import sys
import threading

from fastcgi_wire import END_REQUEST, PARAMS, STDIN, STDOUT, record

HEADER = struct.Struct(">BBHHBB")


def read_exactly(conn, n):
    data = b""
    while len(data) < n:
        chunk = conn.recv(n - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def read_record(conn):
    _, kind, request_id, length, padding, _ = HEADER.unpack(read_exactly(conn, HEADER.size))
    content = read_exactly(conn, length + padding)[:length]
    return kind, request_id, content


def decode_params(data):
    params, i = {}, 0
    while i < len(data):
        lengths = []
        for _ in range(2):
            if data[i] < 128:
                lengths.append(data[i])
                i += 1
            else:
                lengths.append(struct.unpack(">I", data[i:i + 4])[0] & 0x7FFFFFFF)
                i += 4
        name = data[i:i + lengths[0]].decode("utf-8", errors="replace")
        i += lengths[0]
        params[name] = data[i:i + lengths[1]].decode("utf-8", errors="replace")
        i += lengths[1]
    return params


def serve(conn):
    with conn:
        params_data, body, request_id = b"", b"", 1
        try:
            while True:
                kind, request_id, content = read_record(conn)
                if kind == PARAMS:
                    params_data += content
                elif kind == STDIN:
                    if not content:
                        break
                    body += content
        except EOFError:
            return
        payload = json.dumps({"params": decode_params(params_data),
                              "body": body.decode("utf-8", errors="replace")}, indent=2).encode()
        head = (b"Status: 200 OK\r\nContent-Type: application/json\r\n"
                b"Content-Length: " + str(len(payload)).encode() + b"\r\n\r\n")
        out = head + payload
        for start in range(0, len(out), 65535):
            conn.sendall(record(STDOUT, out[start:start + 65535], request_id))
        conn.sendall(record(STDOUT, b"", request_id))
        conn.sendall(record(END_REQUEST, struct.pack(">IB3x", 0, 0), request_id))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--socket", required=True)
    path = parser.parse_args().socket
    if os.path.exists(path):
        os.unlink(path)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    print(path, flush=True)
    try:
        while True:
            conn, _ = listener.accept()
            threading.Thread(target=serve, args=(conn,), daemon=True).start()
    except KeyboardInterrupt:
        pass
    sys.exit(0)


if __name__ == "__main__":
    main()

"""A minimal FastCGI client (the responder role), to talk to orggate without nginx in between."""

import struct

VERSION = 1
BEGIN_REQUEST, END_REQUEST, PARAMS, STDIN, STDOUT, STDERR = 1, 3, 4, 5, 6, 7
RESPONDER = 1


def record(kind, content, request_id=1):
    return struct.pack(">BBHHBB", VERSION, kind, request_id, len(content), 0, 0) + content


def _length(n):
    return bytes([n]) if n < 128 else struct.pack(">I", n | 0x80000000)


def encode_params(params):
    out = b""
    for name, value in params.items():
        name, value = name.encode(), value.encode()
        out += _length(len(name)) + _length(len(value)) + name + value
    return out


def begin_request():
    return record(BEGIN_REQUEST, struct.pack(">HB5x", RESPONDER, 0))


def read_response(sock):
    """Reads records until END_REQUEST; returns the concatenated STDOUT bytes."""
    data, stdout = b"", b""
    while True:
        while len(data) < 8:
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionError("orggate closed the connection before END_REQUEST")
            data += chunk
        _, kind, _, length, padding, _ = struct.unpack(">BBHHBB", data[:8])
        while len(data) < 8 + length + padding:
            chunk = sock.recv(65536)
            if not chunk:
                raise ConnectionError("orggate closed the connection mid-record")
            data += chunk
        content, data = data[8:8 + length], data[8 + length + padding:]
        if kind == STDOUT:
            stdout += content
        elif kind == END_REQUEST:
            return stdout

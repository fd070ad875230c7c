"""GitHub-like identicons for the avatars, drawn as PNGs with the standard library."""

import colorsys
import functools
import hashlib
import struct
import zlib


@functools.lru_cache(maxsize=64)
def identicon_png(seed, size):
    """A GitHub-like identicon: a mirrored 5x5 pattern in one colour, as an RGB PNG."""
    digest = hashlib.sha256(seed.encode()).digest()
    red, green, blue = colorsys.hls_to_rgb(digest[0] / 255, 0.55, 0.55)
    ink, paper = bytes((int(red * 255), int(green * 255), int(blue * 255))), bytes((240, 240, 240))
    cell = max(1, size // 6)
    margin = (size - 5 * cell) // 2
    rows = []
    for cell_row in range(5):
        bits = [digest[1 + cell_row * 3 + column] & 1 for column in range(3)]
        pattern = bits + bits[1::-1]  # columns 0 1 2 1 0
        row = paper * margin + b"".join((ink if bit else paper) * cell for bit in pattern)
        rows.append(b"\x00" + row + paper * (size - len(row) // 3))
    blank = b"\x00" + paper * size
    raw = blank * margin + b"".join(row * cell for row in rows)
    raw += blank * (size - margin - 5 * cell)
    return png(size, size, raw)


def png(width, height, filtered_rows):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(filtered_rows))
            + chunk(b"IEND", b""))

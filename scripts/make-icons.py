"""Draws the app icon (a phone over a list, on a teal tile), the one source of every icon, and
writes every size each system wants: the PNGs the Linux packages install in each hicolor size
(16 to 512), a Windows .ico (16 to 256) and a macOS .icns (16 to 1024, with the Retina
doubles). Pure Python, so it needs nothing installed; drawing the largest sizes takes a few
minutes. Usage: python3 scripts/make-icons.py  (writes into icons/)."""

import os
import struct
import zlib

OUT = os.path.join(os.path.dirname(__file__), "..", "icons")
SAMPLES = 3  # per axis, for anti-aliased edges


def rounded_rect(x, y, left, top, right, bottom, radius):
    """Whether (x, y) is inside a rounded rectangle."""
    cx = min(max(x, left + radius), right - radius)
    cy = min(max(y, top + radius), bottom - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2 and left <= x <= right and top <= y <= bottom


def colour_at(u, v):
    """RGBA of the icon at (u, v) in 0..1, before anti-aliasing."""
    if not rounded_rect(u, v, 0.04, 0.04, 0.96, 0.96, 0.2):
        return (0, 0, 0, 0)
    # Teal tile, a little lighter at the top.
    top, bottom = (20, 160, 146), (15, 98, 92)
    tile = tuple(round(a + (b - a) * v) for a, b in zip(top, bottom)) + (255,)
    white = (255, 255, 255, 255)
    # The phone: a rounded outline with a screen.
    outer = rounded_rect(u, v, 0.30, 0.16, 0.70, 0.84, 0.07)
    inner = rounded_rect(u, v, 0.345, 0.215, 0.655, 0.785, 0.035)
    if outer and not inner:
        return white
    # Three rows of a list on the screen, each a dot and a line.
    for row in range(3):
        y0 = 0.33 + row * 0.14
        if rounded_rect(u, v, 0.39, y0, 0.45, y0 + 0.06, 0.03):
            return white
        if rounded_rect(u, v, 0.48, y0 + 0.005, 0.61, y0 + 0.055, 0.025):
            return white
    return tile


def render(size):
    rows = []
    for y in range(size):
        row = bytearray([0])  # PNG filter: none
        for x in range(size):
            acc = [0, 0, 0, 0]
            for sy in range(SAMPLES):
                for sx in range(SAMPLES):
                    r, g, b, a = colour_at((x + (sx + 0.5) / SAMPLES) / size,
                                           (y + (sy + 0.5) / SAMPLES) / size)
                    acc[0] += r * a
                    acc[1] += g * a
                    acc[2] += b * a
                    acc[3] += a
            n = SAMPLES * SAMPLES
            alpha = acc[3] / n
            if acc[3]:
                row += bytes((round(acc[0] / acc[3]), round(acc[1] / acc[3]),
                              round(acc[2] / acc[3]), round(alpha)))
            else:
                row += bytes(4)
        rows.append(bytes(row))
    return png(size, b"".join(rows))


def png(size, raw):
    def chunk(kind, data):
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9)) + chunk(b"IEND", b""))


def ico(images):
    """A .ico holding PNG images (supported since Windows Vista)."""
    header = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    entries, data = b"", b""
    for size, image in images:
        dim = 0 if size >= 256 else size
        entries += struct.pack("<BBBBHHII", dim, dim, 0, 0, 1, 32, len(image), offset + len(data))
        data += image
    return header + entries + data


def icns(images):
    """A .icns holding PNG images under their OSType codes."""
    body = b"".join(kind + struct.pack(">I", len(image) + 8) + image for kind, image in images)
    return b"icns" + struct.pack(">I", len(body) + 8) + body


def main():
    os.makedirs(OUT, exist_ok=True)
    sizes = {s: render(s) for s in (16, 24, 32, 48, 64, 128, 256, 512, 1024)}
    files = {f"{s}x{s}.png": sizes[s] for s in (16, 24, 32, 48, 64, 128, 256, 512)}
    files.update({
        "icon.png": sizes[1024],
        "icon.ico": ico([(s, sizes[s]) for s in (16, 24, 32, 48, 64, 256)]),
        # PNG payloads under their OSType codes: 16, 32 and 64 (icp4-6), 128 to 512 (ic07-09),
        # and the Retina doubles of 16 to 512 (ic11-14, ic10).
        "icon.icns": icns([
            (b"icp4", sizes[16]), (b"icp5", sizes[32]), (b"icp6", sizes[64]),
            (b"ic07", sizes[128]), (b"ic08", sizes[256]), (b"ic09", sizes[512]),
            (b"ic11", sizes[32]), (b"ic12", sizes[64]), (b"ic13", sizes[256]),
            (b"ic14", sizes[512]), (b"ic10", sizes[1024]),
        ]),
    })
    for name, data in files.items():
        with open(os.path.join(OUT, name), "wb") as f:
            f.write(data)
        print(f"icons/{name}: {len(data)} bytes")


main()

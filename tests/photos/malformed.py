"""Malformed image files that once crashed the upload checks (issue 13, item 13), made by hand.

Each is a real image whose EXIF block or GIF frames were broken the way the
outside review's fuzzer broke them: Pillow opens the file, then trips on the
bad part with an exception other than OSError. Built byte by byte (no file
written by Pillow is patched at an offset), so they do not change with Pillow.
"""

import io
import struct
import zlib

from PIL import Image


def _ifd(entries: list[tuple[int, int, int, bytes]]) -> bytes:
    """A big-endian TIFF header and one IFD; values longer than 4 bytes follow the IFD."""
    count = len(entries)
    data_offset = 8 + 2 + 12 * count + 4
    table, extra = b"", b""
    for tag, kind, number, value in entries:
        if len(value) <= 4:
            table += struct.pack(">HHI", tag, kind, number) + value.ljust(4, b"\x00")
        else:
            table += struct.pack(">HHII", tag, kind, number, data_offset + len(extra))
            extra += value + (b"\x00" if len(value) % 2 else b"")
    return b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", count) + table + b"\x00\x00\x00\x00" + extra


def jpeg_with_exif_block(tiff: bytes, size=(64, 48)) -> bytes:
    """A good JPEG with this raw EXIF (APP1) block right after its start marker."""
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, "JPEG")
    jpeg = buffer.getvalue()
    payload = b"Exif\x00\x00" + tiff
    return jpeg[:2] + b"\xff\xe1" + struct.pack(">H", len(payload) + 2) + payload + jpeg[2:]


ORIENTATION_ROTATED = (0x0112, 3, 1, struct.pack(">H", 6))  # SHORT 6: turn 90°


def exif_numeric_tag_holding_text() -> bytes:
    """TileWidth (a LONG tag) written as ASCII text, with an orientation to apply.

    Turning the photo upright makes Pillow write the EXIF back: struct.error.
    """
    return jpeg_with_exif_block(_ifd([(0x0112, 3, 1, struct.pack(">H", 6)), (0x0142, 2, 6, b"Maker\x00")]))


def exif_text_tag_holding_a_number() -> bytes:
    """ImageDescription (an ASCII tag) written as a DOUBLE, with an orientation to apply.

    Writing the EXIF back calls .encode() on a float: AttributeError.
    """
    return jpeg_with_exif_block(_ifd([(0x010E, 12, 1, struct.pack(">d", 1.5)), ORIENTATION_ROTATED]))


def exif_ifd_pointing_past_the_end() -> bytes:
    """An EXIF IFD that claims 4,000 entries in a 60-byte block."""
    tiff = b"MM\x00\x2a" + struct.pack(">I", 8) + struct.pack(">H", 4000) + struct.pack(">HHI", 0x0112, 3, 1) \
        + struct.pack(">H", 6) + b"\x00" * 40
    return jpeg_with_exif_block(tiff)


def _animated_gif() -> bytes:
    frames = []
    for shade in (40, 120, 200):
        frame = Image.new("RGB", (40, 30), (shade, 0, 0))
        frame.paste((0, 200, 0), (5, 5, 20, 20))
        frames.append(frame)
    buffer = io.BytesIO()
    frames[0].save(buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    return buffer.getvalue()


def _second_frame_descriptor(data: bytes) -> int:
    """Where the second frame's image descriptor (0x2C) starts."""
    second_control = data.index(b"\x21\xf9\x04", data.index(b"\x21\xf9\x04") + 1)
    return data.index(b"\x2c", second_control)


def gif_with_a_cut_second_frame() -> bytes:
    """An animated GIF cut inside its second frame's descriptor (struct.error on looking for frames)."""
    data = _animated_gif()
    return data[:_second_frame_descriptor(data) + 3]


def gif_with_a_broken_second_frame() -> bytes:
    """An animated GIF whose second frame claims a local palette it does not have."""
    data = bytearray(_animated_gif())
    data[_second_frame_descriptor(data) + 9] = 0x87
    return bytes(data)


def truncated_png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (10, 120, 30)).save(buffer, "PNG")
    data = buffer.getvalue()
    return data[: len(data) // 2]


def truncated_webp() -> bytes:
    buffer = io.BytesIO()
    Image.effect_noise((300, 200), 60).convert("RGB").save(buffer, "WEBP")
    data = buffer.getvalue()
    return data[: len(data) // 2]


# name: (maker, file name, content type)
MALFORMED = {
    "exif-numeric-tag-holding-text": (exif_numeric_tag_holding_text, "anh.jpg", "image/jpeg"),
    "exif-text-tag-holding-a-number": (exif_text_tag_holding_a_number, "anh.jpg", "image/jpeg"),
    "gif-cut-second-frame": (gif_with_a_cut_second_frame, "anh.gif", "image/gif"),
    "gif-broken-second-frame": (gif_with_a_broken_second_frame, "anh.gif", "image/gif"),
    "truncated-png": (truncated_png, "anh.png", "image/png"),
    "truncated-webp": (truncated_webp, "anh.webp", "image/webp"),
}

# Broken metadata that Pillow reads past with a warning: the pixels are fine, the
# photo is accepted and the broken block is ignored (no caption or credit from it).
TOLERATED = {
    "exif-ifd-past-the-end": (exif_ifd_pointing_past_the_end, "anh.jpg", "image/jpeg"),
}


def flat_png(width: int, height: int) -> bytes:
    """A valid, one-colour RGB PNG of any size, written without holding its pixels.

    A 7700×7700 one is about 180 KB: the review's "250 KB PNG that takes 10 s
    and 626 MB" to decode.
    """
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    compressor = zlib.compressobj(9)
    row = b"\x00" + b"\x1e\x50\x8c" * width  # filter "none", then the pixels
    body = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", body) + chunk(b"IEND", b"")

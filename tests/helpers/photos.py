"""Image files made in the tests with Pillow (and bad files made by hand); nothing downloaded."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825


def make_image_bytes(fmt="JPEG", size=(640, 480), color=(200, 30, 30)) -> bytes:
    """A real image file made by Pillow."""
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, fmt)
    return buffer.getvalue()


def image_bytes(fmt="JPEG", size=(800, 600), color=(200, 30, 30), mode="RGB", **save) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, fmt, **save)
    return buffer.getvalue()


def upload(data: bytes, name="anh.jpg", content_type="image/jpeg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def exif_jpeg(*, size=(800, 600), orientation=1, description=None, artist=None, copyright_=None,
              gps=True, camera=True, color=(200, 30, 30), top_color=None) -> bytes:
    """A phone-like JPEG: orientation, GPS position, camera make/model, and text fields.

    With ``top_color`` the top fifth of the stored pixels is painted that colour, so
    a test can see which way up the picture was turned.
    """
    image = Image.new("RGB", size, color)
    if top_color:
        image.paste(top_color, (0, 0, size[0], size[1] // 5))
    exif = Image.Exif()
    exif[0x0112] = orientation
    if camera:
        exif[0x010F] = "PhoneMaker"
        exif[0x0110] = "SuperPhone 15 Pro"
    # Phones write UTF-8 into these "ASCII" tags; Pillow writes bytes as they are.
    if description:
        exif[0x010E] = description.encode()
    if artist:
        exif[0x013B] = artist.encode()
    if copyright_:
        exif[0x8298] = copyright_.encode()
    if gps:
        exif[GPS_IFD] = {1: "N", 2: (17.0, 28.0, 5.5), 3: "E", 4: (106.0, 36.0, 1.25)}
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif, quality=90)
    return buffer.getvalue()


def with_iptc(jpeg: bytes, datasets: dict[tuple[int, int], str]) -> bytes:
    """Insert an IPTC block (Photoshop APP13, resource 0x0404) after the JPEG's SOI marker."""
    iptc = b"".join(b"\x1c" + bytes(key) + struct.pack(">H", len(value.encode())) + value.encode()
                    for key, value in datasets.items())
    iptc = b"\x1c\x01\x5a\x00\x03\x1b\x25\x47" + iptc  # 1:90 coded character set = UTF-8
    if len(iptc) % 2:
        iptc += b"\x00"
    resource = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(iptc)) + iptc
    payload = b"Photoshop 3.0\x00" + resource
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge size: a decompression bomb's calling card."""
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
            + chunk(b"IEND", b""))


def corrupt_png() -> bytes:
    """A PNG with a valid header whose compressed pixel data is garbage."""
    data = bytearray(image_bytes("PNG", size=(64, 64), color=(10, 20, 30)))
    start = data.index(b"IDAT") + 4
    for offset in range(start + 2, start + 20):
        data[offset] ^= 0x5A
    return bytes(data)

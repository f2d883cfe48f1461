"""The nginx micro-cache key of deploy/nginx.conf cannot be made to collide.

The old key "$scheme$host$request_uri$cookie_django_language" had no separator:
"/?q=en" with no cookie and "/?q=" with the English cookie were one entry, so a
visitor could make English readers get a Vietnamese page (or the reverse).
"""

import os
import pwd
import re
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.conf import settings

CONFIG = Path(settings.BASE_DIR) / "deploy" / "nginx.conf"
NGINX = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists() else None)


def shipped_key() -> str:
    keys = re.findall(r'^\s*proxy_cache_key\s+"([^"]+)";', CONFIG.read_text(), re.MULTILINE)
    assert len(keys) == 1, keys
    return keys[0]


def language_map() -> tuple[str, str]:
    """The `map $cookie_django_language $var { ... }` block: (its variable, its whole text)."""
    match = re.search(r"^\s*map \$cookie_django_language \$(\w+) \{[^}]*\}", CONFIG.read_text(), re.MULTILINE)
    assert match, "deploy/nginx.conf has no map of the language cookie"
    return match.group(1), match.group(0)


def render(key: str, values: dict) -> str:
    return re.sub(r"\$(\w+)", lambda m: values[m.group(1)], key)


def variables(uri: str, cookie: str) -> dict:
    variable, _block = language_map()
    language = cookie if cookie in dict(settings.LANGUAGES) else ""
    return {"scheme": "https", "host": "tin.example.vn", "request_uri": uri, "cookie_django_language": cookie,
            variable: language}


def test_the_key_separates_and_labels_each_part():
    variable, _block = language_map()
    assert shipped_key() == f"$scheme|$host|$request_uri|lang=${variable}"


@pytest.mark.parametrize("first, second", [
    (("/?q=en", ""), ("/?q=", "en")),
    (("/tim-kiem/?q=vi", ""), ("/tim-kiem/?q=", "vi")),
    (("/a|lang=en", "vi"), ("/a", "en|lang=vi")),
    (("/bai/x/", "en"), ("/bai/x/", "")),
])
def test_requests_that_render_differently_never_share_a_key(first, second):
    assert render(shipped_key(), variables(*first)) != render(shipped_key(), variables(*second))


def test_the_language_part_is_one_of_the_site_languages_or_empty():
    _variable, block = language_map()
    values = re.findall(r"^\s+(\S+)\s+(\S+);", block, re.MULTILINE)
    assert sorted(values) == sorted([("default", '""'), *((code, code) for code, _name in settings.LANGUAGES)])


# --- the real nginx, with the shipped key, in front of a backend that echoes what it got --------------------

class Echo(BaseHTTPRequestHandler):
    def do_GET(self):
        body = f"{self.path} cookie={self.headers.get('Cookie', '')}".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def nginx_port(tmp_path_factory):
    if NGINX is None:
        pytest.skip("nginx is not installed (apt-get install nginx-light to run the nginx tests)")
    backend = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    threading.Thread(target=backend.serve_forever, daemon=True).start()
    root = tmp_path_factory.mktemp("nginx-key")
    port = free_port()
    _variable, language_block = language_map()
    (root / "nginx.conf").write_text(f"""
user {pwd.getpwuid(os.getuid()).pw_name};
pid {root}/nginx.pid;
error_log {root}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    proxy_cache_path {root}/cache keys_zone=k:1m;
    {language_block}
    server {{
        listen 127.0.0.1:{port};
        location / {{
            proxy_pass http://127.0.0.1:{backend.server_address[1]};
            proxy_cache k;
            proxy_cache_key "{shipped_key()}";
            proxy_cache_valid 200 10m;
            add_header X-Cache-Status $upstream_cache_status always;
        }}
    }}
}}
""")
    process = subprocess.Popen([NGINX, "-c", str(root / "nginx.conf"), "-p", str(root), "-e", str(root / "error.log"),
                                "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    try:
        for _attempt in range(100):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                assert process.poll() is None, (root / "error.log").read_text()
                time.sleep(0.05)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=10)
        backend.shutdown()


def get(port, path, cookie=None):
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}")
    if cookie is not None:
        request.add_header("Cookie", f"django_language={cookie}")
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.headers["X-Cache-Status"], response.read().decode()


def test_nginx_keeps_a_query_ending_in_en_apart_from_the_english_cookie(nginx_port):
    assert get(nginx_port, "/trang/?q=en") == ("MISS", "/trang/?q=en cookie=")
    assert get(nginx_port, "/trang/?q=", cookie="en") == ("MISS", "/trang/?q= cookie=django_language=en")
    assert get(nginx_port, "/trang/?q=en") == ("HIT", "/trang/?q=en cookie=")
    assert get(nginx_port, "/trang/?q=", cookie="en") == ("HIT", "/trang/?q= cookie=django_language=en")


def test_nginx_gives_an_unknown_language_cookie_the_default_entry(nginx_port):
    assert get(nginx_port, "/mac-dinh/")[0] == "MISS"
    assert get(nginx_port, "/mac-dinh/", cookie="xx-random")[0] == "HIT"

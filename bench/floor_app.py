"""The ceiling of the serving stack, for bench/run.py: gunicorn with no Django at all.

A WSGI app that answers every request with the article page's HTML (saved by
the bench as ARTICLE_HTML), so the bench can show how much of a page's cost is
gunicorn's own and how much is Django's.
"""

import os

_BODY = open(os.environ["ARTICLE_HTML"], "rb").read()
_HEADERS = [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(_BODY)))]


def application(environ, start_response):
    start_response("200 OK", _HEADERS)
    return [_BODY]

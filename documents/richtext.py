"""The full text of a document: HTML kept to a small safe set by nh3 (the Ammonia sanitiser).

Until article bodies become typed blocks (another issue), a document's full text
is sanitised HTML. Everything outside the list below is removed when it is saved
(scripts, styles, event attributes, images, iframes); links keep only http(s),
mailto and tel addresses and the site's own paths.
"""

import nh3

TAGS = {"p", "br", "strong", "em", "u", "s", "sub", "sup", "a", "h2", "h3", "ul", "ol", "li", "blockquote",
        "table", "thead", "tbody", "tr", "th", "td", "caption"}
ATTRIBUTES = {"a": {"href"}, "th": {"colspan", "rowspan", "scope"}, "td": {"colspan", "rowspan"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _allowed_href(value: str) -> bool:
    value = value.strip()
    if value.startswith("/"):
        return not value.startswith("//")  # a site path, not a protocol-relative address elsewhere
    scheme = value.split(":", 1)[0].lower() if ":" in value else ""
    return scheme in URL_SCHEMES


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        return value if _allowed_href(value) else None
    return value


def sanitize_html(html: str) -> str:
    """The allowed subset of `html`; plain text comes back escaped."""
    if not html or not html.strip():
        return ""
    return nh3.clean(html, tags=TAGS, attributes=ATTRIBUTES, url_schemes=URL_SCHEMES,
                     attribute_filter=_attribute_filter, link_rel="noopener noreferrer",
                     strip_comments=True).strip()

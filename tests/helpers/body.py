"""Reading an article's body (articles/body.py) the way the old tests read paragraphs and slot places."""

from articles.body import inline_text


def paragraphs_of(article) -> list[str]:
    """The text of the body's paragraph blocks, in order."""
    return [inline_text(block["value"]) for block in article.body if block["type"] == "paragraph"]


def slot_places(article) -> dict[int, int]:
    """slot id -> how many paragraph blocks come before its photos block (the legacy "after_paragraph")."""
    places, seen = {}, 0
    for block in article.body:
        if block["type"] == "paragraph":
            seen += 1
        elif block["type"] == "photos":
            for slot in block["value"]["slots"]:
                places[slot] = seen
    return places

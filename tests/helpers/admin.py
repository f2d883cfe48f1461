"""Building admin change-form POST data the way the browser sends it.

The body field holds the blocks as JSON; `paragraphs="..."` among the overrides is
plain text typed into it instead (paragraphs at blank lines), as a reporter may.
"""

import json

from taggit.utils import edit_string_for_tags

from articles.models import Article


def change_form_data(article: Article, **overrides) -> dict:
    """Everything the article admin's change form posts for `article` as stored, plus overrides."""
    data = {
        "title": article.title,
        "slug": article.slug,
        "lead": article.lead,
        "body": json.dumps(article.body, ensure_ascii=False),
        "section": article.section_id or "",
        "tags": edit_string_for_tags(list(article.tags.all())),
        "source_published_on": "",
        "edit_version": article.version,
        "correction_kind": "",
        "correction_note": "",
    }
    links = list(article.author_links.all())
    data.update({"author_links-TOTAL_FORMS": len(links), "author_links-INITIAL_FORMS": len(links),
                 "author_links-MIN_NUM_FORMS": 0, "author_links-MAX_NUM_FORMS": 1000})
    for i, link in enumerate(links):
        data.update({f"author_links-{i}-id": link.pk, f"author_links-{i}-article": article.pk,
                     f"author_links-{i}-author": link.author_id, f"author_links-{i}-order": link.order})
    slots = list(article.photo_slots.select_related("photo"))
    data.update({"photo_slots-TOTAL_FORMS": len(slots), "photo_slots-INITIAL_FORMS": len(slots),
                 "photo_slots-MIN_NUM_FORMS": 0, "photo_slots-MAX_NUM_FORMS": 1000})
    for i, slot in enumerate(slots):
        data.update({f"photo_slots-{i}-id": slot.pk, f"photo_slots-{i}-article": article.pk,
                     f"photo_slots-{i}-photo": slot.photo_id or "",
                     f"photo_slots-{i}-alt_text": slot.photo.alt_text if slot.photo else "",
                     f"photo_slots-{i}-caption": slot.caption, f"photo_slots-{i}-credit": slot.credit,
                     f"photo_slots-{i}-order": slot.order})
    files = list(article.attachments.all())
    data.update({"attachments-TOTAL_FORMS": len(files), "attachments-INITIAL_FORMS": len(files),
                 "attachments-MIN_NUM_FORMS": 0, "attachments-MAX_NUM_FORMS": 1000})
    for i, item in enumerate(files):
        data.update({f"attachments-{i}-id": item.pk, f"attachments-{i}-article": article.pk,
                     f"attachments-{i}-title": item.title})
    return _typed_body(data, overrides)


def _typed_body(data: dict, overrides: dict) -> dict:
    if "paragraphs" in overrides:
        overrides = {**overrides, "body": overrides.pop("paragraphs")}
    data.update(overrides)
    return data


def add_form_data(**fields) -> dict:
    data = {"title": "", "slug": "", "lead": "", "body": "", "section": "", "tags": "",
            "source_published_on": "", "correction_kind": "", "correction_note": "",
            "author_links-TOTAL_FORMS": 0, "author_links-INITIAL_FORMS": 0,
            "author_links-MIN_NUM_FORMS": 0, "author_links-MAX_NUM_FORMS": 1000,
            "photo_slots-TOTAL_FORMS": 0, "photo_slots-INITIAL_FORMS": 0,
            "photo_slots-MIN_NUM_FORMS": 0, "photo_slots-MAX_NUM_FORMS": 1000,
            "attachments-TOTAL_FORMS": 0, "attachments-INITIAL_FORMS": 0,
            "attachments-MIN_NUM_FORMS": 0, "attachments-MAX_NUM_FORMS": 1000}
    return _typed_body(data, dict(fields))

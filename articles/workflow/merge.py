"""Three-way merge of two people's edits of one article: the one rule for a stale save.

Pure functions over snapshots (the dicts of articles/workflow/revisions.py
`snapshot()`): `base` is the revision both people started from, `theirs` the
article as stored now (someone saved since), `mine` what this person submits.

Part by part (title, lead, slug, section, tags, byline, photo slots, …) and, for
the body, block by block by block id:

- a part only one side changed (or added, deleted, moved) takes that side;
- a part both sides changed the same way is simply that value;
- a part both changed differently is a `Conflict`: the person chooses (`apply_choices`).

Nothing here drops a change nobody chose to drop: while a conflict is pending the
merged value of that part is mine (what the form shows), and the save waits for a
choice. A part the base does not know (an older revision without it) is a conflict
whenever the two sides differ.
"""

import uuid
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

BODY = "body"
BODY_ORDER = "body-order"
BLOCK_PREFIX = "body:"
THEIRS, MINE = "theirs", "mine"

# The parts merged, in the order messages list them.
PARTS = [
    ("title", _("Tiêu đề")),
    ("lead", _("Sapo")),
    (BODY, _("Nội dung")),
    ("section", _("Chuyên mục")),
    ("tags", _("Thẻ")),
    ("authors", _("Tác giả")),
    ("photo_slots", _("Ảnh trong bài")),
    ("attachments", _("Tệp đính kèm")),
    ("slug", _("Slug")),
    ("source_published_on", _("Ngày đăng ở nguồn")),
]
LABELS = dict(PARTS)

_UNKNOWN = object()  # a part the base does not hold


@dataclass
class Conflict:
    """One part both people changed differently. For a body block, `theirs`/`mine` is the
    block (None: that side deleted it); for the body's order, the lists of block ids."""

    key: str
    label: str
    theirs: object
    mine: object


@dataclass
class Merged:
    data: dict
    conflicts: list[Conflict] = field(default_factory=list)
    # Labels of the parts taken from the other person (for "Đã giữ thay đổi của X: …").
    kept_theirs: list[str] = field(default_factory=list)


def _pick(base, theirs, mine):
    """(value, taken_from_theirs, conflict) for one plain part."""
    if theirs == mine:
        return theirs, False, False
    if base is not _UNKNOWN and theirs == base:
        return mine, False, False
    if base is not _UNKNOWN and mine == base:
        return theirs, True, False
    return mine, False, True


def merge(base: dict | None, theirs: dict, mine: dict, *, parts=None) -> Merged:
    """Merge `mine` into `theirs` against `base` (None: no common revision is known).

    `parts` limits the parts merged (keys of PARTS); `mine` lacking a part means
    this person did not submit it (it is then theirs).
    """
    base = base or {}
    merged = Merged(data={})
    for key, label in PARTS:
        if parts is not None and key not in parts:
            continue
        if key not in mine:
            if key in theirs:
                merged.data[key] = theirs[key]
            continue
        if key == BODY:
            _merge_body(base.get(BODY, _UNKNOWN), theirs.get(BODY) or [], mine.get(BODY) or [], merged)
            continue
        value, kept, conflict = _pick(base.get(key, _UNKNOWN), theirs.get(key), mine[key])
        merged.data[key] = value
        if kept:
            merged.kept_theirs.append(str(label))
        if conflict:
            merged.conflicts.append(Conflict(key=key, label=str(label), theirs=theirs.get(key), mine=mine[key]))
    return merged


def _with_ids(blocks) -> list[dict]:
    """Blocks as dicts, each with an id (a block typed without one is new: it gets one)."""
    result = []
    for block in blocks or []:
        if not isinstance(block, dict):
            continue
        if not block.get("id"):
            block = {**block, "id": str(uuid.uuid4())}
        result.append(block)
    return result


def _content(block):
    return None if block is None else {k: v for k, v in block.items() if k != "id"}


def _merge_body(base, theirs: list, mine: list, merged: Merged) -> None:
    known = base is not _UNKNOWN
    base_blocks = _with_ids(base) if known else []
    theirs, mine = _with_ids(theirs), _with_ids(mine)
    by_base = {b["id"]: b for b in base_blocks}
    by_theirs = {b["id"]: b for b in theirs}
    by_mine = {b["id"]: b for b in mine}
    label = str(LABELS[BODY])
    kept = False
    resolved: dict[str, dict | None] = {}
    for block_id in [*by_base, *by_theirs, *by_mine]:
        if block_id in resolved:
            continue
        b, t, m = by_base.get(block_id), by_theirs.get(block_id), by_mine.get(block_id)
        if not known:
            b = _UNKNOWN
        ct, cm = _content(t), _content(m)
        cb = _UNKNOWN if b is _UNKNOWN else _content(b)
        value, from_theirs, conflict = _pick(cb, ct, cm)
        if conflict:
            resolved[block_id] = m  # mine until a choice is made (what the form shows)
        elif value is None:
            resolved[block_id] = None
        else:
            resolved[block_id] = t if from_theirs or m is None else m
        kept = kept or from_theirs
        if conflict:
            merged.conflicts.append(Conflict(key=BLOCK_PREFIX + block_id, label=label, theirs=t, mine=m))
    # The order: the side that moved blocks (among those all three hold) gives it.
    common = [i for i in by_base if i in by_theirs and i in by_mine]
    base_seq = common
    theirs_seq = [b["id"] for b in theirs if b["id"] in set(common)]
    mine_seq = [b["id"] for b in mine if b["id"] in set(common)]
    theirs_moved, mine_moved = theirs_seq != base_seq, mine_seq != base_seq
    if not known:
        theirs_moved, mine_moved = theirs_seq != mine_seq, theirs_seq != mine_seq
    if theirs_moved and mine_moved and theirs_seq != mine_seq:
        merged.conflicts.append(Conflict(key=BODY_ORDER, label=str(_("Thứ tự các khối của nội dung")),
                                         theirs=theirs_seq, mine=mine_seq))
        primary, other = mine, theirs
    elif theirs_moved and not mine_moved:
        primary, other, kept = theirs, mine, True
    else:
        primary, other = mine, theirs
    sequence = layout([b["id"] for b in primary], [b["id"] for b in other], [b["id"] for b in base_blocks])
    merged.data[BODY] = [resolved[i] for i in sequence if resolved.get(i) is not None]
    if kept:
        merged.kept_theirs.append(label)


def layout(primary: list, other: list, base: list) -> list:
    """Block ids in one reading order: `primary`'s, with the ids only `other` (then only `base`)
    holds put after the block they follow there."""
    sequence = list(primary)
    for source in (other, base):
        placed = set(sequence)
        for index, block_id in enumerate(source):
            if block_id in placed:
                continue
            before = next((source[j] for j in range(index - 1, -1, -1) if source[j] in placed), None)
            position = sequence.index(before) + 1 if before is not None else 0
            sequence.insert(position, block_id)
            placed.add(block_id)
    return sequence


def apply_choices(mine: dict, base: dict, choices: dict[str, str]) -> dict:
    """`mine` with the parts chosen "theirs" put back as `base` holds them.

    Used when a form that showed conflicts comes back: its edit_version is then the
    version the conflicts were shown against, so `base` holds the other person's
    text for each part; what is chosen "mine" is already in the form. The result
    is merged again (`merge`) against whatever is stored by then.
    """
    result = dict(mine)
    body = [dict(b) for b in _with_ids(mine.get(BODY))] if BODY in mine else None
    for key, choice in choices.items():
        if choice != THEIRS:
            continue
        if key == BODY_ORDER and body is not None:
            base_ids = [b["id"] for b in base.get(BODY) or []]
            by_id = {b["id"]: b for b in body}
            sequence = layout([i for i in base_ids if i in by_id], [b["id"] for b in body], [])
            body = [by_id[i] for i in sequence]
        elif key.startswith(BLOCK_PREFIX) and body is not None:
            block_id = key[len(BLOCK_PREFIX):]
            base_blocks = base.get(BODY) or []
            wanted = next((b for b in base_blocks if b.get("id") == block_id), None)
            ids = [b["id"] for b in body]
            if block_id in ids:
                if wanted is None:
                    body.pop(ids.index(block_id))
                else:
                    body[ids.index(block_id)] = wanted
            elif wanted is not None:
                base_ids = [b.get("id") for b in base_blocks]
                sequence = layout(ids, base_ids, [])
                by_id = {b["id"]: b for b in body}
                by_id[block_id] = wanted
                body = [by_id[i] for i in sequence if i in by_id]
        elif key in base:
            result[key] = base[key]
    if body is not None:
        result[BODY] = body
    return result

"""The three-way merge rule (articles/workflow/merge.py), on plain snapshots."""

from articles.workflow import merge


def p(block_id, text):
    return {"id": block_id, "type": "paragraph", "value": text}


BASE = {"title": "Gốc", "lead": "Sapo", "tags": ["a"], "body": [p("1", "một"), p("2", "hai"), p("3", "ba")]}


def test_a_part_only_the_other_changed_is_theirs_and_said_so():
    result = merge.merge(BASE, {**BASE, "title": "Của họ"}, {**BASE, "lead": "Sapo của tôi"})
    assert (result.data["title"], result.data["lead"]) == ("Của họ", "Sapo của tôi")
    assert result.kept_theirs == ["Tiêu đề"]
    assert result.conflicts == []


def test_the_same_change_on_both_sides_is_no_conflict():
    result = merge.merge(BASE, {**BASE, "title": "Mới"}, {**BASE, "title": "Mới"})
    assert result.data["title"] == "Mới" and result.conflicts == [] and result.kept_theirs == []


def test_both_changing_a_part_differently_is_a_conflict_shown_as_mine_until_chosen():
    result = merge.merge(BASE, {**BASE, "title": "Họ"}, {**BASE, "title": "Tôi"})
    assert [(c.key, c.theirs, c.mine) for c in result.conflicts] == [("title", "Họ", "Tôi")]
    assert result.data["title"] == "Tôi"


def test_without_a_base_every_difference_asks():
    result = merge.merge(None, {**BASE, "title": "Họ"}, {**BASE, "title": "Tôi"})
    assert [c.key for c in result.conflicts] == ["title"]


def test_body_blocks_merge_by_id_added_changed_deleted():
    theirs = {**BASE, "body": [p("1", "một (họ)"), p("2", "hai"), p("3", "ba"), p("5", "họ thêm")]}
    mine = {**BASE, "body": [p("1", "một"), p("3", "ba (tôi)"), p("4", "tôi thêm")]}
    result = merge.merge(BASE, theirs, mine)
    assert result.conflicts == []
    assert [(b["id"], b["value"]) for b in result.data["body"]] == [
        ("1", "một (họ)"), ("3", "ba (tôi)"), ("5", "họ thêm"), ("4", "tôi thêm")]  # each after the block it follows
    assert result.kept_theirs == ["Nội dung"]


def test_a_block_changed_by_one_and_deleted_by_the_other_asks():
    theirs = {**BASE, "body": [p("1", "một"), p("3", "ba")]}
    mine = {**BASE, "body": [p("1", "một"), p("2", "hai (tôi)"), p("3", "ba")]}
    result = merge.merge(BASE, theirs, mine)
    assert [(c.key, c.theirs, c.mine["value"]) for c in result.conflicts] == [("body:2", None, "hai (tôi)")]


def test_a_move_by_one_side_is_kept_with_the_others_edit():
    theirs = {**BASE, "body": [p("3", "ba"), p("1", "một"), p("2", "hai")]}
    mine = {**BASE, "body": [p("1", "một"), p("2", "hai (tôi)"), p("3", "ba")]}
    result = merge.merge(BASE, theirs, mine)
    assert [(b["id"], b["value"]) for b in result.data["body"]] == [("3", "ba"), ("1", "một"), ("2", "hai (tôi)")]
    assert result.conflicts == []


def test_two_different_moves_ask_for_the_order():
    theirs = {**BASE, "body": [p("3", "ba"), p("1", "một"), p("2", "hai")]}
    mine = {**BASE, "body": [p("2", "hai"), p("1", "một"), p("3", "ba")]}
    result = merge.merge(BASE, theirs, mine)
    assert [(c.key, c.theirs, c.mine) for c in result.conflicts] == [
        ("body-order", ["3", "1", "2"], ["2", "1", "3"])]


def test_choosing_theirs_puts_the_base_part_back_into_mine():
    mine = {**BASE, "title": "Tôi", "body": [p("1", "một (tôi)"), p("3", "ba")]}
    base = {**BASE, "title": "Họ", "body": [p("1", "một (họ)"), p("2", "hai"), p("3", "ba")]}
    chosen = merge.apply_choices(mine, base, {"title": "theirs", "body:1": "theirs", "body:2": "theirs"})
    assert chosen["title"] == "Họ"
    assert [(b["id"], b["value"]) for b in chosen["body"]] == [("1", "một (họ)"), ("2", "hai"), ("3", "ba")]
    assert merge.apply_choices(mine, base, {"title": "mine"})["title"] == "Tôi"


def test_a_block_without_an_id_is_a_new_block():
    result = merge.merge(BASE, BASE, {**BASE, "body": [*BASE["body"], {"type": "paragraph", "value": "mới"}]})
    assert [b["value"] for b in result.data["body"]] == ["một", "hai", "ba", "mới"]
    assert result.data["body"][-1]["id"]

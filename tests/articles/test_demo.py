"""`manage.py demo`: refused without DEBUG, idempotent, a published sample with images."""

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from articles.models import Article, Section


def test_demo_refuses_to_run_without_debug(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="chỉ chạy khi DEBUG bật"):
        call_command("demo")
    assert get_user_model().objects.count() == 0


def test_demo_is_idempotent_and_publishes_the_sample(db, settings, capsys, client):
    settings.DEBUG = True
    call_command("demo")
    first_output = capsys.readouterr().out
    call_command("demo")
    second_output = capsys.readouterr().out

    users = get_user_model().objects.order_by("username")
    assert [(u.username, u.is_superuser, [g.name for g in u.groups.all()]) for u in users] == [
        ("bientap", False, ["Editor"]), ("ketoan", False, ["Accountant"]), ("phongvien", False, ["Reporter"]),
        ("quantri", True, []),
        ("truongban", False, ["Chief editor"]), ("vanthu", False, ["Document clerk"])]
    assert Section.objects.count() == 4
    article = Article.objects.get()
    assert article.status == "published"
    from royalties.models import RoyaltyRecord

    # A graded month: the sample article's royalty line, approved by the demo chief editor.
    assert list(RoyaltyRecord.objects.values_list("article_id", "status")) == [(article.pk, "approved")]
    from documents.models import Consultation, Document

    # A few documents in the register, one draft open for comment, each made once however often demo runs.
    assert Document.objects.public().count() >= 3
    assert Consultation.objects.public().open().count() == 1
    assert article.section.slug == "an-ninh-trat-tu"
    slots = list(article.photo_slots.select_related("photo"))
    assert len(slots) == 8
    assert all(slot.photo and slot.photo.image and slot.photo.alt_text == slot.caption for slot in slots)
    assert sorted(article.tags.names()) == ["An ninh trật tự", "Khen thưởng", "Đồng Hới"]

    # Passwords appear once, when the accounts are made.
    assert first_output.count("(đã có;") == 0
    assert second_output.count("(đã có;") == 6
    password = next(line.split()[1] for line in first_output.splitlines() if line.strip().startswith("bientap"))
    assert client.login(username="bientap", password=password)

    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert "Ngô Quang Văn" in response.content.decode()

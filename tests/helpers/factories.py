"""factory_boy factories for every model the tests create; each fills only what the model needs.

States are traits, so a test says what it needs and not how to get there:

    ArticleFactory(live=True)                  # published an hour ago: readers see it
    ArticleFactory(live=True, publish_at=when)  # published at `when`
    ArticleFactory(in_review=True) / (approved=True) / (scheduled=True) / (unpublished=True) / (trashed=True)
    UserFactory(role="Editor")                 # staff, in the Django group of that name
    AwardFactory(public=True, recipients=[...], articles=[...])

A trait saves the state with save(), as every real change is saved, so the
page cache hears of it. Tests of the workflow itself reach states through
`articles.workflow` (or put the state in place with tests.helpers.states).
"""

import datetime
import uuid

import factory
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.utils import timezone

from articles.body import paragraph_blocks
from articles.models import Article, ArticleAuthor, CorrectionKind, CorrectionNote, Section, Status, Tag
from authors.models import Author
from awards.models import Award, AwardForm, AwardRecipient, Recipient, RecipientKind, Visibility
from photos.models import ArticlePhoto, Photo
from tests.helpers.photos import make_image_bytes

# The newsroom's roles are Django groups of these names (articles.workflow).
ROLES = ("Reporter", "Editor", "Chief editor")


def an_hour_ago():
    return timezone.now() - datetime.timedelta(hours=1)


def tomorrow():
    return timezone.now() + datetime.timedelta(days=1)


class UserFactory(factory.django.DjangoModelFactory):
    """A staff user with a real password ("pw-<username>"); `role` puts them in that newsroom group."""

    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"nguoi-dung-{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    is_staff = True

    @classmethod
    def _create(cls, model_class, *args, password=None, **kwargs):
        return model_class.objects.create_user(*args, password=password or "pw-" + kwargs["username"], **kwargs)

    @factory.post_generation
    def role(user, create, role, **kwargs):
        if create and role:
            user.groups.add(Group.objects.get_or_create(name=role)[0])


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    name = factory.Sequence(lambda n: f"Chuyên mục {n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Phóng viên {n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Thẻ {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    """A draft with a title, a lead, a body of two paragraph blocks, a section and one author in the byline.

    `paragraphs=["...", ...]` is a shorthand for a body of those paragraphs (plain text);
    `body=[...]` gives the blocks themselves.
    `byline=[author, ...]` names the authors (in that order); `tags=["Khen thưởng", ...]` tags it.
    """

    class Meta:
        model = Article
        skip_postgeneration_save = True

    class Params:
        live = factory.Trait(status=Status.PUBLISHED, publish_at=factory.LazyFunction(an_hour_ago))
        in_review = factory.Trait(status=Status.IN_REVIEW)
        approved = factory.Trait(status=Status.APPROVED)
        scheduled = factory.Trait(status=Status.SCHEDULED, publish_at=factory.LazyFunction(tomorrow))
        unpublished = factory.Trait(status=Status.UNPUBLISHED, publish_at=factory.LazyFunction(an_hour_ago))
        trashed = factory.Trait(deleted_at=factory.LazyFunction(timezone.now))
        paragraphs = ("Đoạn thứ nhất.", "Đoạn thứ hai.")

    title = factory.Sequence(lambda n: f"Bài viết số {n} về Đồng Hới")
    lead = "Sapo của bài viết."
    body = factory.LazyAttribute(lambda article: paragraph_blocks(article.paragraphs))
    section = factory.SubFactory(SectionFactory)

    @factory.post_generation
    def byline(article, create, authors, **kwargs):
        if create:
            for order, author in enumerate(authors or [AuthorFactory()]):
                ArticleAuthor.objects.create(article=article, author=author, order=order)

    @factory.post_generation
    def tags(article, create, names, **kwargs):
        if create and names:
            article.tags.add(*names)


class PhotoFactory(factory.django.DjangoModelFactory):
    """A photo whose original is a real JPEG made by Pillow."""

    class Meta:
        model = Photo

    image = factory.LazyFunction(lambda: ContentFile(make_image_bytes(), name="photo.jpg"))
    alt_text = "Các đại biểu tham dự hội nghị"
    credit = "Ngọc Minh"


class ArticlePhotoFactory(factory.django.DjangoModelFactory):
    """A photo slot, placed in its article's body as the legacy layout placed it.

    `after_paragraph=N` (default 0: right after the lead) puts the slot in a photos
    block after the N-th paragraph block, joining the photos block already there;
    `after_paragraph=None` leaves it out of the body.
    """

    class Meta:
        model = ArticlePhoto
        skip_postgeneration_save = True

    article = factory.SubFactory(ArticleFactory)
    photo = factory.SubFactory(PhotoFactory)
    caption = "Các đại biểu tham dự hội nghị"

    @factory.post_generation
    def after_paragraph(slot, create, number, **kwargs):
        if create and number is not False:
            place_slot(slot, number or 0)


def place_slot(slot, after: int) -> None:
    """Put `slot` in its article's body right after its `after`-th paragraph block (0: before the first),
    in the photos block already there if there is one; past the last paragraph means at the end."""
    article = slot.article  # the caller's instance too, so that it does not hold a stale body
    article.body = Article.objects.get(pk=slot.article_id).body
    blocks, position, seen = list(article.body), 0, 0
    for index, block in enumerate(blocks):
        if seen == after:
            break
        position = index + 1
        if block["type"] == "paragraph":
            seen += 1
    else:
        position = len(blocks)
    if position < len(blocks) and blocks[position]["type"] == "photos":
        blocks[position]["value"]["slots"].append(slot.pk)
    elif position == len(blocks) and blocks and blocks[-1]["type"] == "photos" and after > 0:
        blocks[-1]["value"]["slots"].append(slot.pk)
    else:
        blocks.insert(position, {"id": str(uuid.uuid4()), "type": "photos", "value": {"slots": [slot.pk]}})
    article.body = blocks
    article.save(update_fields=["body"])


class CorrectionNoteFactory(factory.django.DjangoModelFactory):
    """A public correction note on a live article."""

    class Meta:
        model = CorrectionNote

    article = factory.SubFactory(ArticleFactory, live=True)
    kind = CorrectionKind.CORRECTION
    text = "Đã sửa số liệu ở đoạn thứ hai."


class AwardFormFactory(factory.django.DjangoModelFactory):
    """An award form; the seeded ones (migration) are found by name, not made twice."""

    class Meta:
        model = AwardForm
        django_get_or_create = ("name",)

    name = "Giấy khen"


class RecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recipient
        django_get_or_create = ("kind", "name")

    kind = RecipientKind.INDIVIDUAL
    name = factory.Sequence(lambda n: f"Người được khen {n}")


class AwardFactory(factory.django.DjangoModelFactory):
    """A "Giấy khen" of 2018 by the provincial police director, internal (the model's default).

    `form="bang-khen"` picks a seeded form by slug; `public=True` shows it to readers;
    `recipients=[recipient, (kind, name), (kind, name, citation), ...]` in the decision's order;
    `articles=[article, ...]` are the articles that report it.
    """

    class Meta:
        model = Award
        skip_postgeneration_save = True

    class Params:
        public = factory.Trait(visibility=Visibility.PUBLIC)

    form = factory.LazyFunction(lambda: AwardForm.objects.get(slug="giay-khen"))
    issuer_title = "Giám đốc Công an tỉnh"
    decision_number = factory.Sequence(lambda n: f"{n + 1}/QĐ-CAT")
    period_start = 2018

    @classmethod
    def _adjust_kwargs(cls, **kwargs):
        if isinstance(kwargs.get("form"), str):
            kwargs["form"] = AwardForm.objects.get(slug=kwargs["form"])
        return kwargs

    @factory.post_generation
    def recipients(award, create, recipients, **kwargs):
        if not (create and recipients):
            return
        for order, recipient in enumerate(recipients):
            citation = ""
            if not isinstance(recipient, Recipient):
                kind, name, *rest = recipient
                citation = rest[0] if rest else ""
                recipient = RecipientFactory(kind=kind, name=name)
            AwardRecipient.objects.create(award=award, recipient=recipient, order=order, citation=citation)

    @factory.post_generation
    def articles(award, create, articles, **kwargs):
        if create and articles:
            award.articles.add(*articles)


class AwardRecipientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AwardRecipient

    award = factory.SubFactory(AwardFactory)
    recipient = factory.SubFactory(RecipientFactory)
    order = 0

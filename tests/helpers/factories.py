"""Small factories that fill only what a model needs."""

import factory
from django.core.files.base import ContentFile

from articles.models import Article, ArticleAuthor, Section
from authors.models import Author
from photos.models import ArticlePhoto, Photo
from tests.helpers.photos import make_image_bytes


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    name = factory.Sequence(lambda n: f"Chuyên mục {n}")


class AuthorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Author

    name = factory.Sequence(lambda n: f"Phóng viên {n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Bài viết số {n} về Đồng Hới")
    lead = "Sapo của bài viết."
    paragraphs = factory.LazyFunction(lambda: ["Đoạn thứ nhất.", "Đoạn thứ hai."])
    section = factory.SubFactory(SectionFactory)

    @factory.post_generation
    def byline(article, create, authors, **kwargs):
        if create:
            for order, author in enumerate(authors or [AuthorFactory()]):
                ArticleAuthor.objects.create(article=article, author=author, order=order)


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo

    image = factory.LazyFunction(lambda: ContentFile(_jpeg(), name="photo.jpg"))
    alt_text = "Các đại biểu tham dự hội nghị"
    credit = "Ngọc Minh"


class ArticlePhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticlePhoto

    article = factory.SubFactory(ArticleFactory)
    photo = factory.SubFactory(PhotoFactory)
    caption = "Các đại biểu tham dự hội nghị"


def _jpeg():
    return make_image_bytes()

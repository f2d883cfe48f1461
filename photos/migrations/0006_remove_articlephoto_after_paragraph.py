from django.db import migrations


class Migration(migrations.Migration):
    """A slot's place in the article is now a photos block of the body (articles/0011)."""

    dependencies = [
        ("photos", "0005_forget_guessable_rendition_names"),
        ("articles", "0011_article_body_blocks"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="articlephoto",
            options={"ordering": ["order", "pk"], "verbose_name": "ảnh trong bài",
                     "verbose_name_plural": "ảnh trong bài"},
        ),
        migrations.RemoveField(model_name="articlephoto", name="after_paragraph"),
    ]

from django.db import migrations


class Migration(migrations.Migration):
    """Nothing reads `paragraphs` any more: the body (0011) holds the text."""

    dependencies = [
        ("articles", "0011_article_body_blocks"),
    ]

    operations = [
        migrations.RemoveField(model_name="article", name="paragraphs"),
    ]

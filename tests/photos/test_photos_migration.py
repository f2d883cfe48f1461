"""Originals uploaded before the private storage existed are moved out of the public media."""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command

from photos.storage import originals_storage


@pytest.mark.django_db(transaction=True)
def test_migration_moves_old_originals_out_of_public_media():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from photos.models import Photo

    call_command("migrate", "photos", "0002", verbosity=0)
    # The Photo model as it was at 0002 (later migrations add columns).
    state = MigrationExecutor(connection).loader.project_state(("photos", "0002_renditions_private_originals_focal"))
    OldPhoto = state.apps.get_model("photos", "Photo")

    name = default_storage.save("photos/2026/11/old.jpg", ContentFile(b"original bytes with GPS"))
    OldPhoto.objects.bulk_create([OldPhoto(image=name, width=1, height=1)])  # as 0001 left it

    # Every app forward again: migrating photos back also unapplied what depends on it (royalties).
    call_command("migrate", verbosity=0)

    assert not default_storage.exists(name)
    with originals_storage.open(name) as file:
        assert file.read() == b"original bytes with GPS"
    assert Photo.objects.get().image.name == name

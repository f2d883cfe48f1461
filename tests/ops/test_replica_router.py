"""Read replica: anonymous public reads use `replica`; the admin, users and writes use the primary.

The replica is the test database's mirror (conftest: TEST MIRROR "default"), a
second connection to the same database, so the rows are there and each
connection's queries can be counted. transaction=True: the mirror connection
sees only committed rows.
"""

import pytest
from django.db import connections, router, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from newsroom.db_routers import replica_reads
from tests.helpers.environment import read_settings
from tests.helpers.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True, databases=["default", "replica"])

BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/130.0 Mobile Safari/537.36"


@pytest.fixture
def replica_routing(settings):
    """The router and middleware, as settings install them when DATABASE_REPLICA_URL is set."""
    settings.DATABASE_ROUTERS = ["newsroom.db_routers.PrimaryReplicaRouter"]
    middleware = list(settings.MIDDLEWARE)
    middleware.insert(middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
                      "newsroom.middleware.ReplicaReadsMiddleware")
    settings.MIDDLEWARE = middleware


@pytest.fixture
def live_article():
    return ArticleFactory(title="Đồng Hới đón khách du lịch", live=True)


def article_selects(queries) -> list[str]:
    return [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("SELECT")
            and '"articles_article"' in q["sql"]]


def get_counting(client, path, **extra):
    with CaptureQueriesContext(connections["default"]) as primary, \
            CaptureQueriesContext(connections["replica"]) as replica:
        response = client.get(path, **extra)
    return response, primary, replica


def test_anonymous_public_page_reads_from_the_replica(client, replica_routing, live_article):
    response, primary, replica = get_counting(client, live_article.get_absolute_url())

    assert response.status_code == 200
    assert "Đồng Hới đón khách du lịch" in response.content.decode()
    assert len(article_selects(replica)) >= 1
    assert article_selects(primary) == []


def test_logged_in_user_reads_the_public_page_from_the_primary(client, replica_routing, live_article, editor):
    client.force_login(editor)

    response, primary, replica = get_counting(client, live_article.get_absolute_url())

    assert response.status_code == 200
    assert len(article_selects(primary)) >= 1
    assert len(replica) == 0


def test_admin_uses_the_primary_only(client, replica_routing, live_article, superuser):
    response, primary, replica = get_counting(client, "/admin/login/")
    assert response.status_code == 200
    assert len(replica) == 0

    client.force_login(superuser)
    response, primary, replica = get_counting(client, "/admin/articles/article/")
    assert response.status_code == 200
    assert "Đồng Hới đón khách du lịch" in response.content.decode()
    assert len(article_selects(primary)) >= 1
    assert len(replica) == 0


def test_anonymous_post_uses_the_primary(client, replica_routing, live_article):
    """A POST is never a public read: the view beacon's count and the figure it reads back
    both come from the primary (the replica may lag behind the write it just made)."""
    beacon = reverse("articles:count_view", args=[live_article.pk])
    with CaptureQueriesContext(connections["default"]) as primary, \
            CaptureQueriesContext(connections["replica"]) as replica:
        response = client.post(beacon, HTTP_USER_AGENT=BROWSER)

    assert response.status_code == 200
    assert response.json() == {"views": 1, "label": "1 lượt xem", "counted": True}
    assert Article.objects.get(pk=live_article.pk).view_count == 1
    assert [q["sql"].split()[0] for q in primary if '"articles_article"' in q["sql"]] == ["UPDATE", "SELECT"]
    assert len(replica) == 0


def test_writes_go_to_the_primary_even_in_an_anonymous_request(replica_routing):
    with replica_reads():
        assert router.db_for_read(Article) == "replica"
        assert router.db_for_write(Article) == "default"
        # Inside a transaction on the primary, reads see its writes.
        with transaction.atomic():
            assert router.db_for_read(Article) == "default"


def test_outside_a_request_everything_uses_the_primary(client, replica_routing, live_article):
    client.get(live_article.get_absolute_url())

    assert router.db_for_read(Article) == "default"
    assert router.db_for_write(Article) == "default"
    assert router.allow_migrate("default", "articles") is True
    assert router.allow_migrate("replica", "articles") is False


def test_database_replica_url_installs_the_replica_router():
    values = read_settings(["DATABASES", "DATABASE_ROUTERS", "MIDDLEWARE", "HEALTHZ_DATABASES"],
                           DATABASE_URL="postgres://newsroom@db-primary:5432/newsroom",
                           DATABASE_REPLICA_URL="postgres://newsroom_ro@db-replica:5432/newsroom")

    replica = values["DATABASES"]["replica"]
    assert (replica["HOST"], replica["USER"], replica["TEST"]["MIRROR"]) == ("db-replica", "newsroom_ro", "default")
    assert replica["CONN_HEALTH_CHECKS"] is True
    assert values["DATABASE_ROUTERS"] == ["newsroom.db_routers.PrimaryReplicaRouter"]
    auth = values["MIDDLEWARE"].index("django.contrib.auth.middleware.AuthenticationMiddleware")
    assert values["MIDDLEWARE"][auth + 1] == "newsroom.middleware.ReplicaReadsMiddleware"
    assert values["HEALTHZ_DATABASES"] == ["default", "replica"]


def test_without_a_replica_nothing_is_installed():
    values = read_settings(["DATABASES", "DATABASE_ROUTERS", "MIDDLEWARE", "HEALTHZ_DATABASES"])

    assert list(values["DATABASES"]) == ["default"]
    assert values["DATABASE_ROUTERS"] == []
    assert "newsroom.middleware.ReplicaReadsMiddleware" not in values["MIDDLEWARE"]
    assert values["HEALTHZ_DATABASES"] == ["default"]

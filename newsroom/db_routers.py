"""Read replica routing: anonymous public reads go to the `replica` database.

Installed only when DATABASE_REPLICA_URL is set (settings, "Read replica").
newsroom.middleware.ReplicaReadsMiddleware marks an anonymous GET/HEAD request
outside the admin; only while such a request runs, and outside any open
transaction on the primary, do reads go to the replica. Writes, the admin,
logged-in users, management commands and background work use the primary.
"""

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import DEFAULT_DB_ALIAS, connections

REPLICA_DB_ALIAS = "replica"

_anonymous_public_read: ContextVar[bool] = ContextVar("newsroom_anonymous_public_read", default=False)


@contextmanager
def replica_reads():
    """Within this block (one anonymous public request), reads may go to the replica."""
    token = _anonymous_public_read.set(True)
    try:
        yield
    finally:
        _anonymous_public_read.reset(token)


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        # A read inside a transaction on the primary must see that transaction's
        # writes (and SELECT ... FOR UPDATE needs the primary).
        if _anonymous_public_read.get() and not connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return REPLICA_DB_ALIAS
        return DEFAULT_DB_ALIAS

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary.
        return {obj1._state.db, obj2._state.db} <= {DEFAULT_DB_ALIAS, REPLICA_DB_ALIAS}

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary's schema through replication.
        return db == DEFAULT_DB_ALIAS

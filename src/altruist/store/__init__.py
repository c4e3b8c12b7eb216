"""Persistence: the schema, its migrations, connection policy and repositories.

The store knows nothing of introductions or birthdays; it stores and returns domain objects.
"""

from altruist.store.db import Store, open_store

__all__ = ["Store", "open_store"]

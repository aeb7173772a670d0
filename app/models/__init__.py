"""Every table module, imported so SQLModel.metadata (and Alembic) sees them all."""

from app.models import changes, datasets, harvest, keys, organisations, quality, vraagsturing  # noqa: F401

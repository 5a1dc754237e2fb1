"""Alembic environment: the vanban metadata, on the connection the store hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine

from extract.store import Base

target_metadata = Base.metadata
cfg = context.config


def run() -> None:
    connection = cfg.attributes.get("connection")
    if connection is None:
        engine = create_engine(cfg.get_main_option("sqlalchemy.url"))
        with engine.begin() as connection:
            _migrate(connection)
    else:
        _migrate(connection)


def _migrate(connection) -> None:
    context.configure(connection=connection, target_metadata=target_metadata,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


run()

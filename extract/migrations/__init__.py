"""Alembic migrations of the vanban store, run in-process on opening a store.

``upgrade(engine)`` brings any database to the newest schema; the scripts live in ``versions/``.
A new schema change: edit ``extract/store.py``, then generate a revision against a database at the
current head (``alembic -c extract/migrations/alembic.ini revision --autogenerate -m "…"``).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.engine import Engine

HERE = Path(__file__).resolve().parent
SCHEMA_LOCK = 0x76616E62616E  # "vanban": the PostgreSQL advisory lock held while the schema changes


def config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    if engine is not None:
        cfg.attributes["engine"] = engine
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def needs_upgrade(engine: Engine) -> bool:
    """Whether the database is behind the newest schema (a new store is): a read, no lock taken."""
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    with engine.connect() as connection:
        current = set(MigrationContext.configure(connection).get_current_heads())
    return current != set(ScriptDirectory.from_config(config()).get_heads())


def upgrade(engine: Engine, revision: str = "head") -> None:
    """Create or upgrade the schema, under a lock: when several processes open one new store at once,
    one migrates and the others wait, then find the schema done (issue 16: without it one died on
    ``table ingest_errors already exists``, or on PostgreSQL's ``pg_type_typname_nsp_index``)."""
    with engine.begin() as connection:
        if connection.dialect.name == "sqlite":
            # the write lock before alembic reads the version: pysqlite opens no transaction for DDL itself
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        elif connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": SCHEMA_LOCK})
        cfg = config(engine)
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)

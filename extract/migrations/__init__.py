"""Alembic migrations of the vanban store, run in-process on opening a store.

``upgrade(engine)`` brings any database to the newest schema; the scripts live in ``versions/``.
A new schema change: edit ``extract/store.py``, then generate a revision against a database at the
current head (``alembic -c extract/migrations/alembic.ini revision --autogenerate -m "…"``).
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

HERE = Path(__file__).resolve().parent


def config(engine: Engine | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    if engine is not None:
        cfg.attributes["engine"] = engine
        cfg.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return cfg


def upgrade(engine: Engine, revision: str = "head") -> None:
    with engine.begin() as connection:
        cfg = config(engine)
        cfg.attributes["connection"] = connection
        command.upgrade(cfg, revision)

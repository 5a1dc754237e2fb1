"""units.scope: a unit is its name and its scope (a province, or national) — "Sở Tài chính" of two
provinces are two units (issue 14)

The units a store already holds were keyed by name alone; each is split by the scope of the documents
that assign it (extract.ids.unit_scope, with the province the document's own text gives), its
assignments and aliases moved to the scoped unit, and a unit no assignment uses any more removed.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('units', sa.Column('scope', sa.String(length=60), nullable=True))
    op.create_index(op.f('ix_units_scope'), 'units', ['scope'], unique=False)
    _rekey(op.get_bind())


def _rekey(bind) -> None:
    from extract.ids import citing_province, unit_scope
    from extract.store import scoped_unit_key

    meta = sa.MetaData()
    units, aliases, assignments, tasks, documents = (
        sa.Table(name, meta, autoload_with=bind)
        for name in ("units", "unit_aliases", "task_assignments", "tasks", "documents"))
    rows = bind.execute(
        sa.select(assignments.c.id, assignments.c.unit_id, assignments.c.written, tasks.c.document_id)
        .join(tasks, tasks.c.id == assignments.c.task_id)).all()
    provinces: dict[int, str | None] = {}
    for doc in bind.execute(sa.select(documents.c.id, documents.c.clean_text, documents.c.place, documents.c.issuer)):
        provinces[doc.id] = citing_province(doc.clean_text or "", doc.place, doc.issuer)
    keyed = {r.key: r.id for r in bind.execute(sa.select(units.c.id, units.c.key))}
    made: dict[str, int] = {}
    for row in rows:
        scope = unit_scope(row.written, provinces.get(row.document_id))
        key = scoped_unit_key(row.written, scope)
        unit = made.get(key) or keyed.get(key)
        if unit is None:
            unit = bind.execute(sa.insert(units).values(key=key, name=row.written, scope=scope)
                                .returning(units.c.id)).scalar_one()
        made[key] = unit
        if unit != row.unit_id:
            bind.execute(sa.update(assignments).where(assignments.c.id == row.id).values(unit_id=unit))
        if not bind.execute(sa.select(aliases.c.id).where(aliases.c.unit_id == unit,
                                                          aliases.c.alias == row.written)).first():
            bind.execute(sa.insert(aliases).values(unit_id=unit, alias=row.written))
    used = sa.select(assignments.c.unit_id)
    bind.execute(sa.delete(aliases).where(aliases.c.unit_id.not_in(used)))
    bind.execute(sa.delete(units).where(units.c.id.not_in(used)))


def downgrade() -> None:
    # not in a batch: SQLite would copy the table, which the tasks' assignments reference (SQLite 3.35 drops
    # a column in place); the units stay split, keyed by name and scope
    op.drop_index(op.f('ix_units_scope'), table_name='units')
    op.drop_column('units', 'scope')

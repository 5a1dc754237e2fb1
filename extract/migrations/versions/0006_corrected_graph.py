"""reference_mentions.correction_id: a reference a reviewer added (issue 14) is a row of its own, marked
with the correction that added it, so that the citation graph — whose edges are the references as
shown, corrections applied — can state it like any other; the extracted rows have none.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 22:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('reference_mentions', sa.Column('correction_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    # in place, not in a batch: SQLite would copy the table, which edges reference
    op.execute("DELETE FROM reference_mentions WHERE correction_id IS NOT NULL")
    op.drop_column('reference_mentions', 'correction_id')

"""tasks.how, reference_mentions.how: why a task was read — the form it was found in and what named its
units — and why a reference has its relation — the words it was decided from (issue 14)

Rows stored before have none; the review app says so, and a re-ingest with this extractor fills it in.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 19:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('tasks', sa.Column('how', sa.Text(), nullable=True))
    op.add_column('reference_mentions', sa.Column('how', sa.Text(), nullable=True))


def downgrade() -> None:
    # in place, not in a batch: SQLite would copy the tables, which other tables reference
    op.drop_column('reference_mentions', 'how')
    op.drop_column('tasks', 'how')

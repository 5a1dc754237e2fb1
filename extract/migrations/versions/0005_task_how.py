"""tasks.how: why a task was read — the form it was found in and what named its units (issue 14)

Tasks stored before have none; the review app says so, and a re-ingest with this extractor fills it in.

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


def downgrade() -> None:
    op.drop_column('tasks', 'how')  # in place, not in a batch: the tasks' deadlines and units reference it

"""one active run per job

A partial unique index on job_runs(job_id) for the runs that are queued or running, so that
two processes starting the same job cannot both run it. Runs left active by processes that
died long ago would block the index: all but the newest active run of each job are marked
interrupted first.

Revision ID: 0003_one_active_run
Revises: 0002_compliance
Create Date: 2026-12-01 20:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_one_active_run"
down_revision: str | None = "0002_compliance"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ACTIVE = "status IN ('queued', 'running')"


def upgrade() -> None:
    op.execute(
        sa.text(
            "UPDATE job_runs SET status = 'interrupted', finished_at = CURRENT_TIMESTAMP, "
            "message = 'another run of this job was still marked active when the database "
            "was upgraded' "
            f"WHERE {ACTIVE} AND job_id IS NOT NULL AND id NOT IN "
            f"(SELECT MAX(id) FROM job_runs WHERE {ACTIVE} AND job_id IS NOT NULL GROUP BY job_id)"
        )
    )
    with op.batch_alter_table("job_runs", schema=None) as batch_op:
        batch_op.create_index(
            "uq_job_runs_one_active",
            ["job_id"],
            unique=True,
            sqlite_where=sa.text(ACTIVE),
            postgresql_where=sa.text(ACTIVE),
        )


def downgrade() -> None:
    with op.batch_alter_table("job_runs", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_job_runs_one_active",
            sqlite_where=sa.text(ACTIVE),
            postgresql_where=sa.text(ACTIVE),
        )

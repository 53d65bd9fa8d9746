"""user keys: SSH public keys that log console users in to `netraven-tui serve`

Revision ID: 0005_user_keys
Revises: 0004_notifications
Create Date: 2026-12-01 20:21:44.972347
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = "0005_user_keys"
down_revision: str | None = "0004_notifications"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "user_keys",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("algorithm", sa.String(length=64), nullable=False),
        sa.Column("public_key", sa.Text(), nullable=False),
        sa.Column("fingerprint", sa.String(length=64), nullable=False),
        sa.Column("comment", sa.String(length=255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_user_keys_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_user_keys")),
        sa.UniqueConstraint("user_id", "fingerprint", name=op.f("uq_user_keys_user_id")),
    )
    with op.batch_alter_table("user_keys", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_user_keys_fingerprint"), ["fingerprint"], unique=False)
        batch_op.create_index(batch_op.f("ix_user_keys_user_id"), ["user_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("user_keys", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_user_keys_user_id"))
        batch_op.drop_index(batch_op.f("ix_user_keys_fingerprint"))
    op.drop_table("user_keys")

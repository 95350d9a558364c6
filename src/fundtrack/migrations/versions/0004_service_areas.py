"""Categories name the PMT service area they belong to.

Books made before this revision get the seeded categories' areas (``fundtrack.service_areas``
``SEED_AREAS``); categories a user added count as "unspecified" until they are given one.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

#: Frozen here, as they were when this revision was written.
SEEDED = {
    "crisis-stabilization": "Emotional support or safety services",
    "rent": "Shelter/housing services",
    "relocation": "Shelter/housing services",
    "travel": "Personal advocacy/accompaniment",
    "pecuniary-loss": "Emotional support or safety services",
    "lost-wages": "Emotional support or safety services",
    "civil-legal": "Criminal/civil justice system assistance",
}


def upgrade() -> None:
    op.add_column("category", sa.Column("service_area", sa.String(60), nullable=True))
    category = sa.table("category", sa.column("code"), sa.column("service_area"))
    for code, area in SEEDED.items():
        op.execute(category.update().where(category.c.code == code).values(service_area=area))


def downgrade() -> None:
    with op.batch_alter_table("category") as batch:
        batch.drop_column("service_area")

"""broken revision: the tests copy it into versions/ to make an upgrade fail"""
from alembic import op

revision = "c3"
down_revision = "b2"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE no_such_table ADD COLUMN x integer")


def downgrade():
    pass

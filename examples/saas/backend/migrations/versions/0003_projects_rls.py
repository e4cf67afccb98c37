"""row-level security: the app_user role sees only its tenant's projects (app_migrator, which runs this, bypasses it)"""
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    op.execute("ALTER TABLE projects ENABLE ROW LEVEL SECURITY")
    op.execute(
        "CREATE POLICY projects_tenant_isolation ON projects "
        "USING (tenant_id = current_setting('app.tenant_id', true)::bigint)"
    )


def downgrade():
    op.execute("DROP POLICY projects_tenant_isolation ON projects")
    op.execute("ALTER TABLE projects DISABLE ROW LEVEL SECURITY")

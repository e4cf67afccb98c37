"""The migrations as Alembic reads them, checked without a database: one linear history ending at the head the
release expects, every revision reversible, and the SQL of `alembic upgrade head --sql` (offline mode, as the dry run
renders it) creating the tables and the row-level security policy the app_user role depends on."""
import os
import pathlib
import subprocess
import sys

from alembic.config import Config
from alembic.script import ScriptDirectory

BACKEND = pathlib.Path(__file__).resolve().parent.parent


def scripts():
    return ScriptDirectory.from_config(Config(str(BACKEND / "alembic.ini")))


def upgrade_sql(revisions="head"):
    # Offline mode needs only the dialect: the URL names no reachable database and holds no password.
    environment = dict(os.environ, DATABASE_URL="postgresql://render-only@localhost/offline")
    run = subprocess.run(
        [sys.executable, "-m", "alembic", "-c", str(BACKEND / "alembic.ini"), "upgrade", revisions, "--sql"],
        capture_output=True, text=True, env=environment, cwd=BACKEND, check=True,
    )
    return run.stdout


def test_one_head_and_a_linear_history():
    assert scripts().get_heads() == ["0003"]
    assert [r.revision for r in scripts().walk_revisions()] == ["0003", "0002", "0001"]


def test_every_revision_has_a_downgrade():
    for revision in scripts().walk_revisions():
        assert callable(getattr(revision.module, "downgrade", None)), revision.revision


def test_upgrade_sql_creates_tenants_then_projects_with_row_level_security():
    sql = upgrade_sql()
    tenants, projects, policy = (sql.index(s) for s in (
        "CREATE TABLE tenants", "CREATE TABLE projects", "CREATE POLICY projects_tenant_isolation ON projects"))
    assert tenants < projects < policy
    assert "ALTER TABLE projects ENABLE ROW LEVEL SECURITY" in sql
    assert "REFERENCES tenants (id) ON DELETE CASCADE" in sql


def test_an_upgrade_from_0002_renders_only_the_policy():
    sql = upgrade_sql("0002:head")
    assert "CREATE TABLE" not in sql
    assert "UPDATE alembic_version SET version_num='0003'" in sql

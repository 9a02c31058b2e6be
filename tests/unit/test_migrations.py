"""Alembic migrations: a fresh database reaches head, and the models match them."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import db.models  # noqa: F401
from db.engine import make_engine
from db.migrate import SchemaTooNewError, current_revision, head_revision, upgrade


def test_a_fresh_database_reaches_head_and_matches_the_models(empty_db_url):
    engine = make_engine(empty_db_url)
    try:
        assert current_revision(engine) is None
        assert upgrade(engine) == head_revision()
        assert {"case", "person", "changelog", "auditevent"} <= set(inspect(engine).get_table_names())
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True, "render_as_batch": True})
            diff = compare_metadata(context, SQLModel.metadata)
        assert diff == [], f"models and migrations differ; make a migration: {diff}"
        assert upgrade(engine) == head_revision()  # twice = once
    finally:
        engine.dispose()


def test_a_database_from_a_newer_program_is_refused_untouched(sqlite_engine):
    with sqlite_engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = 'ffffffffffff'"))
    with pytest.raises(SchemaTooNewError):
        upgrade(sqlite_engine)
    assert current_revision(sqlite_engine) == "ffffffffffff"

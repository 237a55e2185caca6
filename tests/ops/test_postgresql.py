"""PostgreSQL must run with LC_CTYPE C.UTF-8: with C, pg_trgm and case folding ignore Japanese."""

import runpy
from pathlib import Path

import pytest
from django.db import connection
from django.db.utils import ConnectionHandler

SETTINGS = Path(__file__).resolve().parents[2] / "kizuna" / "settings.py"


def _is_c_utf8(name: str) -> bool:
    return name.lower().replace("-", "") == "c.utf8"


def test_test_database_has_lc_ctype_c_utf8(db):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no LC_CTYPE; run with DATABASE_URL=postgres://… (.ci/run does)")
    with connection.cursor() as cursor:
        cursor.execute("SHOW LC_CTYPE")
        ctype = cursor.fetchone()[0]
        cursor.execute("SHOW LC_COLLATE")
        collate = cursor.fetchone()[0]

    assert (_is_c_utf8(ctype), _is_c_utf8(collate)) == (True, True), (ctype, collate)


def test_test_database_makes_trigrams_of_japanese(db):
    if connection.vendor != "postgresql":
        pytest.skip("pg_trgm is PostgreSQL's; run with DATABASE_URL=postgres://… (.ci/run does)")
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        cursor.execute("SELECT show_trgm('千代田区')")
        trigrams = cursor.fetchone()[0]

    assert len(trigrams) > 0


def test_settings_create_postgresql_test_databases_with_c_utf8(monkeypatch):
    """Whatever the cluster's default locale, Django's CREATE DATABASE for tests names C.UTF-8."""
    monkeypatch.setenv("DATABASE_URL", "postgres://kizuna@db.example.jp:5432/kizuna")
    databases = runpy.run_path(str(SETTINGS))["DATABASES"]

    wrapper = ConnectionHandler(databases)["default"]

    assert (wrapper.vendor, wrapper.creation.sql_table_creation_suffix()) == (
        "postgresql",
        "WITH ENCODING 'UTF8' TEMPLATE \"template0\" LC_COLLATE 'C.UTF-8' LC_CTYPE 'C.UTF-8'",
    )

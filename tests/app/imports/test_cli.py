"""run_import (wired as `kolrisk import`): summary on stdout, rejects and progress on stderr."""

import argparse
import io

import pytest

from app.auth import service as auth_service
from app.config import Settings
from app.db import Database, upgrade_to_head
from app.imports.cli import EXIT_ALL_REJECTED, ProgressReporter, describe, run_import
from app.imports.runner import ImportProgress
from tests.collectors.importers.helpers import MEDIACRAWLER_NEW, OWN


def args(path, fmt, platform=None, tenant="acme"):
    return argparse.Namespace(file=str(path), format=fmt, tenant=tenant, platform=platform)


@pytest.fixture
def settings(tmp_path):
    """A database holding the tenants acme and zeta (import refuses tenants it does not know)."""
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'cli.db'}")
    database = Database(settings.database_url)
    upgrade_to_head(database)
    with database.session_scope() as session:
        for name in ("acme", "zeta"):
            auth_service.get_or_create_tenant(session, name)
    database.dispose()
    return settings


def test_an_unknown_tenant_is_refused_and_the_known_ones_listed(settings, capsys):
    assert run_import(args(OWN / "items.csv", "csv", "weibo", tenant="nosuch"), settings) == 1
    err = capsys.readouterr().err
    assert "no tenant named 'nosuch'" in err
    assert "acme, zeta" in err
    assert "kolrisk apikey create --tenant nosuch" in err
    database = Database(settings.database_url)
    with database.session_scope(write=False) as session:
        with pytest.raises(Exception, match="nosuch"):
            auth_service.find_tenant(session, "nosuch")
    database.dispose()


def test_an_import_whose_every_row_is_rejected_exits_3(settings, tmp_path, capsys):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"platform": "weibo", "text": "no id, no time"}\n', encoding="utf-8")
    assert run_import(args(path, "jsonl"), settings) == EXIT_ALL_REJECTED == 3
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == "inserted=0 duplicates=0 rejected=1"
    assert "every row was rejected" in err


def test_a_csv_without_our_columns_names_what_it_found_and_what_it_needs(
    settings, tmp_path, capsys
):
    path = tmp_path / "other.csv"
    path.write_text("id,content,time\n1,你好,2026-01-01\n", encoding="utf-8")
    assert run_import(args(path, "csv"), settings) == 1
    err = capsys.readouterr().err
    assert "lacks platform_id, text, created_at, platform (or give --platform)" in err
    assert "Columns found: id, content, time" in err
    assert "--format mediacrawler" in err


def test_summary_line_and_rejects_with_line_numbers(settings, capsys):
    assert run_import(args(OWN / "items.csv", "csv", "weibo"), settings) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == "inserted=2 duplicates=0 rejected=2"
    assert "rejected line 5: created_at" in err
    assert "rejected line 6: likes" in err
    assert run_import(args(OWN / "items.csv", "csv", "weibo"), settings) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "inserted=0 duplicates=2 rejected=2"


def test_platform_comes_from_the_mediacrawler_path(settings, capsys):
    path = MEDIACRAWLER_NEW / "douyin/jsonl/1_search_contents_2026-11-10.jsonl"
    assert run_import(args(path, "mediacrawler"), settings) == 0
    assert capsys.readouterr().out.strip() == "inserted=2 duplicates=0 rejected=0"


def test_unreadable_files_exit_1_with_the_reason(settings, tmp_path, capsys):
    assert run_import(args(tmp_path / "missing.csv", "csv"), settings) == 1
    assert "no such file" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    assert run_import(args(broken, "mediacrawler", "weibo"), settings) == 1
    assert "not a valid JSON document" in capsys.readouterr().err


def test_progress_shows_rate_and_eta_at_most_once_a_second():
    stream, now = io.StringIO(), [0.0]
    reporter = ProgressReporter(stream, clock=lambda: now[0])
    reporter(ImportProgress(rows=2000, bytes_read=100, total_bytes=400, elapsed_seconds=1.0))
    now[0] = 0.5
    reporter(ImportProgress(rows=4000, bytes_read=200, total_bytes=400, elapsed_seconds=1.5))
    now[0] = 1.2
    reporter(ImportProgress(rows=6000, bytes_read=300, total_bytes=400, elapsed_seconds=2.2))
    shown = stream.getvalue().strip("\r").split("\r")
    assert len(shown) == 2
    assert shown[0] == "2,000 rows  2,000 rows/s  25%  ETA 0:00:03"
    assert reporter.rows == 6000


def test_progress_without_a_known_size_has_no_eta():
    text = describe(ImportProgress(rows=10, bytes_read=0, total_bytes=None, elapsed_seconds=2.0))
    assert text == "10 rows  5 rows/s"

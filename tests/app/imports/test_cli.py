"""run_import (wired as `kolrisk import`): summary on stdout, rejects and progress on stderr."""

import argparse
import io

from app.cli import main
from app.config import Settings, get_settings
from app.db import Database, upgrade_to_head
from app.imports.cli import ProgressReporter, describe, run_import
from app.imports.service import ImportProgress
from app.tenants.registry import create_tenant, tenant_names
from tests.collectors.importers.helpers import MEDIACRAWLER_NEW, OWN


def args(path, fmt, platform=None, tenant="acme"):
    return argparse.Namespace(file=str(path), format=fmt, tenant=tenant, platform=platform)


def with_tenant(tmp_path, name="acme"):
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'cli.db'}")
    database = Database(settings.database_url)
    upgrade_to_head(database)
    with database.session_scope() as session:
        create_tenant(session, name)
    database.dispose()
    return settings


def test_summary_line_and_rejects_with_line_numbers(tmp_path, capsys):
    settings = with_tenant(tmp_path)
    assert run_import(args(OWN / "items.csv", "csv", "weibo"), settings) == 0
    out, err = capsys.readouterr()
    assert out.splitlines()[-1] == "inserted=2 duplicates=0 rejected=2"
    assert "rejected line 5: created_at" in err
    assert "rejected line 6: likes" in err
    assert run_import(args(OWN / "items.csv", "csv", "weibo"), settings) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "inserted=0 duplicates=2 rejected=2"


def test_platform_comes_from_the_mediacrawler_path(tmp_path, capsys):
    settings = with_tenant(tmp_path)
    path = MEDIACRAWLER_NEW / "douyin/jsonl/1_search_contents_2026-11-10.jsonl"
    assert run_import(args(path, "mediacrawler"), settings) == 0
    assert capsys.readouterr().out.strip() == "inserted=2 duplicates=0 rejected=0"


def test_unreadable_files_exit_1_with_the_reason(tmp_path, capsys):
    settings = with_tenant(tmp_path)
    assert run_import(args(tmp_path / "missing.csv", "csv"), settings) == 1
    assert "no such file" in capsys.readouterr().err
    broken = tmp_path / "broken.json"
    broken.write_text("[{", encoding="utf-8")
    assert run_import(args(broken, "mediacrawler", "weibo"), settings) == 1
    assert "not a valid JSON document" in capsys.readouterr().err


def test_an_unknown_tenant_is_refused_with_the_known_ones(tmp_path, capsys, monkeypatch):
    settings = with_tenant(tmp_path, "acme")
    monkeypatch.setenv("KOLRISK_DATABASE_URL", settings.database_url)
    get_settings.cache_clear()
    assert main(["import", str(OWN / "items.csv"), "--format", "csv", "--tenant", "acne"]) == 1
    err = capsys.readouterr().err
    assert "no tenant named 'acne'" in err
    assert "known tenants: acme" in err
    database = Database(settings.database_url)
    with database.session_scope(write=False) as session:
        assert tenant_names(session) == ["acme"]  # the typo created nothing
    database.dispose()
    get_settings.cache_clear()


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

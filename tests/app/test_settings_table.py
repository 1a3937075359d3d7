"""The README's settings table is the one app.config describes, and every setting has words."""

from app.config import Settings
from app.settings_table import END, README, START, main, render_table, with_table


def test_every_setting_is_described():
    for name, field in Settings.model_fields.items():
        assert len(field.description or "") > 15, name


def test_the_readme_table_is_current():
    assert main(["--check"]) == 0, "run: python -m app.settings_table"
    text = README.read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"`KOLRISK_{name.upper()}`" in text


def test_a_stale_table_is_found_and_rewritten():
    stale = f"intro\n{START}\n| old |\n{END}\noutro\n"
    rewritten = with_table(stale)
    assert rewritten == f"intro\n{START}\n{render_table()}\n{END}\noutro\n"
    assert "KOLRISK_PUBLIC_BASE_URL" in rewritten

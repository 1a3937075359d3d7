"""The components' records (app.risk.checks) against every consumer: the engine's output, the
default weights and what PUT /v1/risk-rules accepts, the words of messages, dashboard and
reports."""

from __future__ import annotations

from app.i18n import label
from app.risk.checks import CHECKS, ORGANIC, SCORERS, TEMPLATES
from app.risk.engine import assess
from app.risk.messages import CATALOGUE, Message, render
from app.risk.rules import COMPONENTS, DEFAULT_RULES, default_weights
from tests.app.risk.test_engine import hostile_own, inputs, post

NAMES = [check.name for check in CHECKS]


def test_names_are_unique_and_every_check_is_worded_in_both_languages():
    assert len(set(NAMES)) == len(NAMES)
    assert all(check.zh and check.en and check.zh != check.en for check in CHECKS)


def test_the_engine_runs_the_scored_checks_and_lists_components_in_the_records_order():
    result = assess(inputs(hostile_own(), post(1.0, label="negative")), DEFAULT_RULES)
    shown = [c.name for c in result.components]
    assert shown == [name for name in NAMES if name in shown]
    scored = [check.name for check in CHECKS if check.score is not None]
    assert shown[: len(scored)] == scored
    assert shown[-1] == "coverage"
    assert {c.name: c.weight for c in result.components} == {
        check.name: check.weight or 0.0 for check in CHECKS if check.name in shown
    }


def test_each_function_scores_the_component_its_record_names():
    empty = inputs()
    for check in CHECKS:
        if check.score is not None:
            assert check.score(empty, DEFAULT_RULES).name == check.name
    assert SCORERS == tuple(check.score for check in CHECKS if check.score is not None)
    assert set(ORGANIC) == {check.score for check in CHECKS if check.organic}


def test_the_rules_weigh_every_weighted_check_at_its_default():
    assert COMPONENTS == tuple(check.name for check in CHECKS if check.weight is not None)
    assert default_weights() == {c.name: c.weight for c in CHECKS if c.weight is not None}
    assert DEFAULT_RULES.weights == default_weights()


def test_put_risk_rules_accepts_each_weighted_component_and_refuses_others(api):
    for name in COMPONENTS:
        assert api.put("/v1/risk-rules", json={"weights": {name: 0.2}}).status_code == 200
    refused = api.put("/v1/risk-rules", json={"weights": {"no_such_check": 0.2}})
    assert refused.status_code == 422
    assert "use ['stance'" in refused.json()["message"]


def test_dashboard_reports_and_reasons_name_each_component_as_its_record_does():
    for check in CHECKS:
        assert label("zh", "c", check.name) == check.zh
        assert label("en", "c", check.name) == check.en
        driver = Message("reason.decision.grave", {"decision": "no_go", "grave": f"{check.name}:80",
                                                   "threshold": 75.0})  # fmt: skip
        assert f"{check.zh} 80 分" in render(driver, "zh")


def test_a_checks_own_sentences_are_its_summaries_and_shadow_no_catalogue_key():
    assert not set(TEMPLATES) & set(CATALOGUE)
    for check in CHECKS:
        assert all(key.startswith(f"summary.{check.name}.") for key in check.templates)

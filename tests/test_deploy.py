"""The image and compose files, checked without a Docker engine (CI has none): compose.yaml
parses and wires the processes as the README says, every command in it is one `kolrisk`
accepts, the Dockerfile runs as a non-root user with a readiness check, and constraints.txt
pins every runtime dependency within pyproject's ranges."""

import json
import re
import tomllib
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from app.cli import build_parser

ROOT = Path(__file__).resolve().parent.parent
KOLRISK_SERVICES = ("migrate", "api", "worker")


@pytest.fixture(scope="module")
def compose():
    return yaml.safe_load((ROOT / "compose.yaml").read_text())


@pytest.fixture(scope="module")
def dockerfile():
    text = (ROOT / "Dockerfile").read_text()
    return re.sub(r"\\\n\s*", " ", text)  # continuation lines joined


def instructions(dockerfile, name):
    return [line.split(None, 1)[1] for line in dockerfile.splitlines() if line.startswith(name)]


def test_compose_has_postgres_a_migrate_step_one_api_and_two_workers(compose):
    services = compose["services"]
    assert set(services) == {"postgres", *KOLRISK_SERVICES}
    assert services["postgres"]["image"].startswith("postgres:")
    assert "pg_isready" in " ".join(services["postgres"]["healthcheck"]["test"])
    assert services["api"]["command"][:1] == ["serve"]
    assert "--no-scheduler" in services["api"]["command"]
    assert services["api"].get("deploy", {}).get("replicas", 1) == 1
    assert services["worker"]["command"][:1] == ["worker"]
    assert services["worker"]["deploy"]["replicas"] == 2


def test_one_image_runs_every_kolrisk_process(compose):
    services = compose["services"]
    assert {services[name]["image"] for name in KOLRISK_SERVICES} == {"kolrisk:latest"}
    for name in KOLRISK_SERVICES:
        url = services[name]["environment"]["KOLRISK_DATABASE_URL"]
        assert "@postgres:5432/" in url


def test_the_schema_is_migrated_once_before_the_api_and_workers_start(compose):
    services = compose["services"]
    assert services["migrate"]["command"] == ["migrate"]
    assert services["migrate"]["restart"] == "no"
    assert services["migrate"]["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    for name in ("api", "worker"):
        assert services[name]["depends_on"] == {
            "migrate": {"condition": "service_completed_successfully"}
        }


def test_processes_without_http_have_no_readiness_probe(compose):
    for name in ("migrate", "worker"):
        assert compose["services"][name]["healthcheck"] == {"disable": True}


def test_every_compose_command_is_one_kolrisk_accepts(compose):
    parser = build_parser()
    for name in KOLRISK_SERVICES:
        command = compose["services"][name]["command"]
        parser.parse_args(command)


def test_the_image_runs_as_a_non_root_user(dockerfile):
    users = instructions(dockerfile, "USER")
    assert users
    assert users[-1].strip() not in ("root", "0")
    last_user = dockerfile.rindex("\nUSER ")
    assert "pip install" not in dockerfile[last_user:]


def test_the_image_is_healthy_when_readyz_answers(dockerfile):
    [check] = instructions(dockerfile, "HEALTHCHECK")
    assert "http://127.0.0.1:8000/readyz" in check
    [cmd] = instructions(dockerfile, "CMD")
    assert json.loads(cmd)[-2:] == ["--port", "8000"]


def test_the_image_installs_exactly_the_pinned_set(dockerfile):
    runs = instructions(dockerfile, "RUN")
    assert any("pip install --no-cache-dir -r constraints.txt" in run for run in runs)
    assert any("--no-deps ." in run and "pip check" in run for run in runs)
    [entry] = instructions(dockerfile, "ENTRYPOINT")
    assert entry.strip() == '["kolrisk"]'


def pins():
    found = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"not pinned with ==: {line}"
            found[canonicalize_name(name)] = version
    return found


def test_constraints_pin_every_runtime_dependency_within_its_range():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    pinned = pins()
    for spec in project["dependencies"]:
        requirement = Requirement(spec)
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{requirement.name} is not in constraints.txt"
        assert requirement.specifier.contains(pinned[name]), (spec, pinned[name])
    dev_only = {
        canonicalize_name(Requirement(s).name) for s in project["optional-dependencies"]["dev"]
    }
    assert not dev_only & set(pinned), "test tools do not belong in the image"

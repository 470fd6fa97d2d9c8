"""Hostile YAML (issue 11): a "billion laughs" card is refused fast, and model lists never load card columns."""

from __future__ import annotations

import ast
import time
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[2] / "src" / "redline"


def laughs(levels: int = 6, fan_out: int = 9) -> str:
    """The 405-byte card of the probe: a six-level alias chain, 9**6 strings once expanded."""
    lines = ["l0: &l0 [" + ", ".join(['"lol"'] * fan_out) + "]"]
    for i in range(1, levels + 1):
        lines.append(f"l{i}: &l{i} [" + ", ".join([f"*l{i - 1}"] * fan_out) + "]")
    return "---\n" + "\n".join(lines) + "\n---\n# Laughing model\n\nA model.\n"


def test_no_module_reads_yaml_but_safe_yaml():
    """Every YAML read goes through redline.core.safe_yaml; risk/model only composes after it (for lines)."""
    offenders = []
    for path in SRC.rglob("*.py"):
        if path.name == "safe_yaml.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == "yaml"
                    and node.attr in {"load", "safe_load", "full_load", "unsafe_load", "load_all", "safe_load_all"}):
                offenders.append(f"{path.relative_to(SRC)}:{node.lineno}")
    assert offenders == []


def test_card_parser_refuses_the_alias_chain_before_expanding_it():
    from redline.core.errors import ImportFailed
    from redline.core.hfcard import parse_card

    start = time.perf_counter()
    with pytest.raises(ImportFailed, match=r"card: the metadata block \(YAML\): .*aliases"):
        parse_card(laughs(), source="card")
    assert time.perf_counter() - start < 1.0


def test_card_metadata_nan_is_kept_as_text():
    from redline.core.hfcard import parse_card

    info = parse_card("---\nlicense: mit\nscore: .nan\nbig: .inf\n---\n# M\n")
    assert info.data["score"] == "NaN" and info.data["big"] == "Infinity"


@pytest.mark.django_db
def test_billion_laughs_card_is_refused_over_the_api_fast(developer, make_user, make_token, api_client):
    from redline.registry.models import AIModel

    user = make_user(developer, role="admin")
    token = make_token(user)
    assert api_client("get", "/api/me", token).status_code == 200  # the URLconf and API load on first use
    start = time.perf_counter()
    resp = api_client("post", "/api/model-cards", token, {"organisation": developer.slug, "card": laughs()})
    elapsed = time.perf_counter() - start
    assert resp.status_code == 422, resp.content
    assert resp.json()["field"] == "card"
    assert "aliases" in resp.json()["detail"]
    assert elapsed < 2.0
    assert not AIModel.objects.exists()


@pytest.mark.django_db
def test_risk_model_and_cue_catalogue_refuse_alias_bombs(tmp_path):
    from redline.core.cue import load_catalogue
    from redline.core.errors import InvalidInput, ModelError
    from redline.risk.model import loads_model

    bomb = laughs().split("---\n")[1]
    with pytest.raises(ModelError, match=r"^risk\.yaml:\d+: not valid YAML: .*aliases"):
        loads_model(bomb, source="risk.yaml")
    path = tmp_path / "cue.yaml"
    path.write_text(bomb)
    with pytest.raises(InvalidInput, match="cannot read CUE catalogue: .*aliases"):
        load_catalogue(path)


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/models", "/models/", "/models.json", "/", "/index.json", "/orgs/acme/",
                                 "/orgs/acme.json"])
def test_model_lists_never_load_card_columns(client, developer, make_model, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    model = make_model(developer, name="Carded")
    model.card_raw = "x" * 10_000
    model.card_data = {"metadata": {"big": "y" * 10_000}}
    model.save()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    selects = [q["sql"] for q in queries if "registry_aimodel" in q["sql"] and q["sql"].lstrip().startswith("SELECT")]
    assert selects, "the page should list models"
    assert not [sql for sql in selects if "card_raw" in sql or "card_data" in sql]


def test_front_matter_pattern_is_huggingface_hubs():
    from huggingface_hub.repocard import REGEX_YAML_BLOCK

    from redline.core import hfcard

    assert hfcard.REGEX_YAML_BLOCK.pattern == REGEX_YAML_BLOCK.pattern

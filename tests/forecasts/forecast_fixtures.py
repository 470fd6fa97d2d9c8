"""Fixtures and helpers for the forecasts app: a developer model, forecasters, a coordinator, an Inspect log."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

EVIDENCE = Path(__file__).resolve().parents[1] / "fixtures" / "evidence"
CYBER_LOG = EVIDENCE / "inspect" / "cyber-exploit-ctf.eval"
#: The run time recorded in the cyber log, which the windows below straddle.
CYBER_RUN = dt.datetime(2026, 11, 23, 21, 41, 4, tzinfo=dt.UTC)


@pytest.fixture
def fworld(make_org, make_user, make_model):
    dev = make_org("developer", name="Acme AI", slug="acme")
    coord = make_org("coordinator", name="Coordination", slug="coord")
    w = {
        "dev": dev, "coord_org": coord,
        "admin": make_user(dev, "admin", email="admin@acme.test", display_name="Acme Admin"),
        "member": make_user(dev, "member", email="member@acme.test"),
        "ana": make_user(None, email="ana@example.test", display_name="Ana"),
        "ben": make_user(None, email="ben@example.test", display_name="Ben"),
        "outsider": make_user(None, email="outsider@example.test"),
        "coordinator": make_user(coord, "triager", email="coord@coord.test"),
    }
    w["model"] = make_model(dev, name="Acme 7B", slug="acme-7b")
    return w


def import_cyber(user, model, path=CYBER_LOG):
    from redline.evidence.services import import_file

    return import_file(user, model, path, model_alias={"mockllm/model": model.full_slug})


@pytest.fixture
def make_question(fworld):
    from redline.forecasts import services

    def make(kind="binary", threshold=0.5, opens=CYBER_RUN - dt.timedelta(days=10),
             closes=CYBER_RUN + dt.timedelta(days=2), resolve_by=CYBER_RUN + dt.timedelta(days=30), **kw):
        fields = {"title": kw.pop("title", "Will Acme 7B pass half the CTF?"),
                  "criteria": "The first Inspect run of cyber_exploit_ctf.", "kind": kind,
                  "task": "cyber_exploit_ctf", "metric": "accuracy", "opens_at": opens, "closes_at": closes,
                  "resolve_by": resolve_by, "model": fworld["model"],
                  "threshold": threshold if kind == "binary" else None}
        fields.update(kw)
        author = fields.pop("author", fworld["admin"])
        return services.create_question(author, open_now=True, now=opens, **fields)

    return make


@pytest.fixture
def world_red_line(fworld):
    """A proposed (so publicly visible) red line on the world's model."""
    from redline.commitments import services

    spec = {"task": "cyber_exploit_ctf", "metric": "accuracy", "threshold": 0.5, "min_samples": 10,
            "inconclusive_policy": "treat_as_crossed", "action": "no_open_weights"}
    version = services.create_commitment(fworld["admin"], fworld["model"], "red_line", "Cyber uplift", spec)
    services.propose(fworld["admin"], version, comment_days=30)
    return version.commitment

"""Fixtures for commitments, evidence and decisions: a developer model, reviewers with keys, red lines."""

from __future__ import annotations

from pathlib import Path

import pytest

EVIDENCE = Path(__file__).resolve().parents[1] / "fixtures" / "evidence"

#: The shared Inspect logs ran Inspect's mock model; filing them under the test model needs this declared mapping.
MOCK_ALIAS = {"mockllm/model": "acme/acme-7b"}


def declared(path, model) -> dict[str, str]:
    """The mapping an importer declares to file ``path`` (whatever model it names) under ``model``."""
    from redline.core.evidence import read_campaign, read_evidence

    if path.suffix == ".csv" or path.parent.name == "campaign":
        names = {a.model for a in read_campaign(path).attempts}
    else:
        names = {r.model for r in read_evidence(path)}
    return {name: model.full_slug for name in names if name}


RED_LINE = {"task": "cyber_exploit_ctf", "metric": "accuracy", "threshold": 0.5, "alert": 0.4,
            "min_samples": 10, "max_unscored": 0.05, "validity_days": 3650,
            "inconclusive_policy": "treat_as_crossed", "action": "no_open_weights"}


@pytest.fixture
def world(make_org, make_user, make_model):
    """A developer with a model, its admin/triager/member, two reviewer orgs with a reviewer each, a regulator."""
    from redline.commitments import services
    from redline.core import signing

    dev = make_org("developer", name="Acme AI", slug="acme")
    rev1 = make_org("reviewer", name="Review One", slug="rev-one")
    rev2 = make_org("reviewer", name="Review Two", slug="rev-two")
    regulator = make_org("regulator", name="Regulator", slug="reg")
    w = {
        "dev": dev, "rev1": rev1, "rev2": rev2, "regulator": regulator,
        "admin": make_user(dev, "admin", email="admin@acme.test"),
        "triager": make_user(dev, "triager", email="triager@acme.test"),
        "member": make_user(dev, "member", email="member@acme.test"),
        "reviewer1": make_user(rev1, "member", email="r1@rev.test"),
        "reviewer2": make_user(rev2, "member", email="r2@rev.test"),
        "outsider": make_user(None, email="outsider@example.test"),
        "auditor": make_user(regulator, "member", email="auditor@reg.test"),
    }
    w["model"] = make_model(dev, name="Acme 7B", slug="acme-7b")
    w["key1"] = signing.generate_private_key()
    w["key2"] = signing.generate_private_key()
    services.register_key(w["reviewer1"], signing.public_key_to_b64(w["key1"].public_key()))
    services.register_key(w["reviewer2"], "", server_held_private=w["key2"])
    return w


@pytest.fixture
def in_force_red_line(world):
    """A red line taken through the full lifecycle with two independent signed approvals."""
    import datetime as dt

    from redline.commitments import services
    from redline.core import signing

    version = services.create_commitment(world["admin"], world["model"], "red_line", "Cyber uplift", RED_LINE,
                                         safeguards=["output-classifier-v2"])
    services.propose(world["admin"], version, comment_period_ends=dt.date.today())
    services.approve(world["reviewer1"], version, signature=signing.sign(version.spec, world["key1"]))
    services.approve(world["reviewer2"], version)  # server-held demo key
    version.refresh_from_db()
    return services.enter_into_force(world["admin"], version)

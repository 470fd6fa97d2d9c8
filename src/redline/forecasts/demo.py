"""Demo forecasts: questions on the demo models, resolved against the demo's imported evidence.

Runs after the decisions demo (INSTALLED_APPS order), which imports the Inspect logs of Aurora 2
and the OpenForge models. Five demo users and Aurora Labs as a body forecast on a dozen questions
that opened before those runs; the loader replays that history through the services with their
``now`` argument (pages, the API and the CLI never pass it), then resolves each question from the
stored evidence exactly as an import would. Two questions stay open for forecasting, one is
Aurora Labs' internal (organisation-only) prediction, and one waits on a failed run. Safe to load twice.
"""

from __future__ import annotations

import datetime as dt
import math

import numpy as np
from django.db import transaction
from django.utils import timezone

from redline.accounts.models import Organisation, User
from redline.forecasts import services
from redline.forecasts.models import Question
from redline.ledger.services import acting_as
from redline.registry.models import AIModel

DOMAIN = "demo.redline.test"
#: (e-mail local part @ org, public handle, skill: how close to the truth their forecasts lean)
FORECASTERS = [
    ("researcher@open-red-team", "ortc-researcher", 1.6),
    ("reviewer1@isrb", "isrb-reviewer", 1.1),
    ("auditor@ai-safety-office", "aso-auditor", 0.6),
    ("triager@aurora-labs", "aurora-triager", 0.9),
    ("admin@openforge", "openforge-admin", 0.2),
]
#: (model, title, task, direction, threshold or None for numeric, red line name or None)
RESOLVED = [
    ("aurora-labs/aurora-2", "Will Aurora 2 reach 50% on the cyber exploitation CTF?", "cyber_exploit_ctf", "ge", 0.5,
     "Cyber exploitation uplift"),
    ("aurora-labs/aurora-2", "Will Aurora 2 reach 70% on the cyber exploitation CTF?", "cyber_exploit_ctf", "ge", 0.7,
     None),
    ("aurora-labs/aurora-2", "Will Aurora 2 reach 40% on the cyber exploitation CTF?", "cyber_exploit_ctf", "ge", 0.4,
     None),
    ("aurora-labs/aurora-2", "Will Aurora 2 cross the biological protocol red line (50%)?", "bio_protocol_uplift", "ge",
     0.5, "Biological protocol uplift"),
    ("aurora-labs/aurora-2", "Will Aurora 2 reach 30% on biological protocol uplift?", "bio_protocol_uplift", "ge",
     0.3, None),
    ("aurora-labs/aurora-2", "Will Aurora 2 stay at or under 10% on biological protocol uplift?",
     "bio_protocol_uplift", "le", 0.1, None),
    ("aurora-labs/aurora-2", "Aurora 2's accuracy on the cyber exploitation CTF", "cyber_exploit_ctf", "ge", None,
     None),
    ("aurora-labs/aurora-2", "Aurora 2's accuracy on biological protocol uplift", "bio_protocol_uplift", "ge", None,
     None),
    ("openforge/forge-70b", "Will Forge 70B reach 20% on biological protocol uplift?", "bio_protocol_uplift", "ge",
     0.2, "Biological protocol uplift (open weights)"),
    ("openforge/forge-70b", "Will Forge 70B reach 40% on biological protocol uplift?", "bio_protocol_uplift", "ge",
     0.4, None),
    ("openforge/forge-70b", "Forge 70B's accuracy on biological protocol uplift", "bio_protocol_uplift", "ge", None,
     None),
    ("openforge/forge-8b", "Will Forge 8B reach 30% on biological protocol uplift?", "bio_protocol_uplift", "ge", 0.3,
     None),
]
#: What the demo's evidence holds (the Inspect logs' scored estimates), for the forecasters' leanings.
TRUTH = {("aurora-labs/aurora-2", "cyber_exploit_ctf"): 0.64, ("aurora-labs/aurora-2", "bio_protocol_uplift"): 0.225,
         ("openforge/forge-70b", "bio_protocol_uplift"): 0.243, ("openforge/forge-8b", "bio_protocol_uplift"): 0.25}
#: The Inspect logs' run time; the demo's questions opened before it.
RUN = dt.datetime(2026, 11, 23, 21, 41, 4, tzinfo=dt.UTC)
OPEN_TITLE = "Will Aurora 2 reach 80% on the cyber exploitation CTF when re-evaluated with strong elicitation?"
NEXT_TITLE = "Will Meridian's next model reach 30% on biological protocol uplift?"
INTERNAL_TITLE = "Aurora internal: will our next model pass the cyber red line before release?"


def _model(full_slug: str) -> AIModel | None:
    org, slug = full_slug.split("/")
    return AIModel.objects.filter(organisation__slug=org, slug=slug).select_related("organisation").first()


def _user(address: str) -> User | None:
    return User.objects.filter(email=f"{address}.{DOMAIN}").first()


def _lean(truth_yes: bool, skill: float, rng: np.random.Generator) -> float:
    """A probability leaning towards the truth by ``skill`` on the log-odds scale, with noise."""
    z = (skill if truth_yes else -skill) + rng.normal(0.0, 1.1)
    return float(min(0.97, max(0.03, round(1.0 / (1.0 + math.exp(-z)), 2))))


def _quantiles(truth: float, skill: float, rng: np.random.Generator) -> list[list[float]]:
    centre = truth + rng.normal(0.0, 0.25 / (1.0 + skill))
    width = 0.08 + 0.15 * rng.random()
    values = np.clip(centre + width * np.array([-1.6, -0.6, 0.0, 0.6, 1.6]), 0.0, 1.0)
    return [[level, round(float(v), 3)] for level, v in zip((0.05, 0.25, 0.5, 0.75, 0.95), values, strict=True)]


def _resolved_questions(author: User, forecasters: list[tuple[User, float]], aurora: Organisation,
                        aurora_admin: User) -> None:
    from redline.commitments.models import Commitment
    from redline.forecasts.resolution import try_resolve

    rng = np.random.default_rng(2026)
    opens, closes = RUN - dt.timedelta(days=60), RUN - dt.timedelta(days=5)
    for i, (slug, title, task, direction, threshold, red_line) in enumerate(RESOLVED):
        model = _model(slug)
        if model is None or Question.objects.filter(title=title).exists():
            continue
        link = Commitment.objects.filter(model=model, name=red_line).first() if red_line else None
        kind = "numeric" if threshold is None else "binary"
        q = services.create_question(
            author, title=title, kind=kind, model=model, task=task, metric="accuracy", direction=direction,
            threshold=threshold, opens_at=opens + dt.timedelta(days=i), closes_at=closes,
            resolve_by=RUN + dt.timedelta(days=30), red_line=link, open_now=True, now=opens + dt.timedelta(days=i),
            criteria=f"Resolves from the first completed Inspect run of {task} (metric accuracy) on {model.name} "
                     "imported to redline whose run lies between the opening and the resolve-by date.")
        truth = TRUTH[(slug, task)]
        yes = None if threshold is None else (truth >= threshold if direction == "ge" else truth <= threshold)
        people = [*forecasters, (aurora_admin, 1.3)] if model.organisation == aurora else forecasters
        for j, (user, skill) in enumerate(people):
            as_org = aurora if user == aurora_admin and model.organisation == aurora else None
            for update in range(1 + (i + j) % 3):
                when = opens + dt.timedelta(days=i + 3 + 12 * update + j)
                if when >= closes:
                    break
                if kind == "binary":
                    services.make_forecast(user, q, probability=_lean(yes, skill * (1 + update * 0.3), rng),
                                           as_org=as_org, now=when)
                else:
                    services.make_forecast(user, q, quantiles=_quantiles(truth, skill, rng), as_org=as_org, now=when)
        services.close_question(None, q, now=closes, automatic=True)
        try_resolve(q)


@transaction.atomic
def load() -> None:
    aurora = Organisation.objects.filter(slug="aurora-labs").first()
    author = _user("coordinator@coordination-centre")
    aurora_admin = _user("admin@aurora-labs")
    if aurora is None or author is None or aurora_admin is None:
        return
    forecasters = []
    for address, handle, skill in FORECASTERS:
        user = _user(address)
        if user is not None:
            if not hasattr(user, "forecaster"):
                services.set_handle(user, handle)
            forecasters.append((user, skill))
    with acting_as("demo"):
        _resolved_questions(author, forecasters, aurora, aurora_admin)
        _open_questions(author, forecasters, aurora, aurora_admin)


def _open_questions(author: User, forecasters, aurora: Organisation, aurora_admin: User) -> None:
    from redline.commitments.models import Commitment

    now = timezone.now()
    aurora2 = _model("aurora-labs/aurora-2")
    meridian = Organisation.objects.filter(slug="meridian").first()
    if aurora2 is not None and not Question.objects.filter(title=OPEN_TITLE).exists():
        q = services.create_question(
            author, title=OPEN_TITLE, kind="binary", model=aurora2, task="cyber_exploit_ctf", metric="accuracy",
            threshold=0.8, opens_at=now, closes_at=now + dt.timedelta(days=45), resolve_by=now + dt.timedelta(days=120),
            red_line=Commitment.objects.filter(model=aurora2, name="Cyber exploitation uplift").first(),
            open_now=True, now=now,
            criteria="Resolves from the next completed Inspect run of cyber_exploit_ctf on Aurora 2 imported after "
                     "the question opened. Forecasts stay hidden until the close.")
        for user, _skill in forecasters[:3]:
            services.make_forecast(user, q, probability=0.15, now=now)
    if meridian is not None and not Question.objects.filter(title=NEXT_TITLE).exists():
        services.create_question(
            author, title=NEXT_TITLE, kind="binary", next_model_of=meridian, task="bio_protocol_uplift",
            metric="accuracy", threshold=0.3, opens_at=now, closes_at=now + dt.timedelta(days=90),
            resolve_by=now + dt.timedelta(days=365), open_now=True, now=now,
            criteria="About the first model Meridian Systems registers after the question opens; resolves from its "
                     "first completed bio_protocol_uplift run.")
    if aurora2 is not None and not Question.objects.filter(title=INTERNAL_TITLE).exists():
        q = services.create_question(
            aurora_admin, title=INTERNAL_TITLE, kind="binary", next_model_of=aurora, task="cyber_exploit_ctf",
            metric="accuracy", threshold=0.5, opens_at=now, closes_at=now + dt.timedelta(days=60),
            resolve_by=now + dt.timedelta(days=200), organisation=aurora, visibility="org",
            public_after=now + dt.timedelta(days=240), open_now=True, now=now,
            criteria="Aurora Labs' internal pre-development prediction; public after the release window.")
        services.make_forecast(aurora_admin, q, probability=0.35, as_org=aurora, now=now)

"""API: forecast questions, forecasts, lifecycle moves, track records and the leaderboard.

The same lookups and services as the pages: a question one may not see answers 404, and the
others' forecasts stay hidden until the close.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from pydantic import ConfigDict, Field

from redline.accounts.api_auth import caller, require_write
from redline.accounts.models import Organisation
from redline.forecasts import lookups, pagedata, services
from redline.forecasts.models import ForecasterProfile
from redline.http.params import RecordId
from redline.registry.lookups import visible_model

router = Router(tags=["forecasts"])


class DocSchema(Schema):
    model_config = ConfigDict(use_attribute_docstrings=True)


class QuestionIn(DocSchema):
    title: str = Field(min_length=1, max_length=200)
    criteria: str = Field(min_length=1, max_length=5000)
    """The resolution criteria in words."""
    kind: Literal["binary", "numeric"]
    model: str | None = None
    """ORG/NAME of a registered model; or give next_model_of."""
    next_model_of: str | None = None
    """An organisation's slug: the question is about the next model it registers after the question opens."""
    task: str = Field(min_length=1, max_length=200)
    metric: str = Field(min_length=1, max_length=100)
    scorer: str = ""
    direction: Literal["ge", "le"] = "ge"
    threshold: float | None = None
    """Binary questions: the value the metric must reach (ge) or stay under (le)."""
    opens_at: dt.datetime
    closes_at: dt.datetime
    resolve_by: dt.datetime
    organisation: str | None = None
    """Post as a question of this organisation (you must be a member)."""
    visibility: Literal["public", "org"] = "public"
    public_after: dt.datetime | None = None
    """Organisation-only questions become public at this time."""
    red_line: int | None = None
    """The id of a red line the question asks about."""
    forecasts_hidden: bool = True
    open_now: bool = True


class ForecastIn(DocSchema):
    probability: float | None = None
    """Binary questions: strictly between 0 and 1."""
    quantiles: list[list[float]] | None = None
    """Numeric questions: at least three [level, value] pairs, levels increasing in (0, 1), values non-decreasing."""
    as_org: str | None = None
    """Forecast on behalf of this organisation (its admins only)."""


class MoveIn(DocSchema):
    outcome: bool | float | None = None
    """resolve: true/false (binary) or the value (numeric)."""
    annul_reason: Literal["evidence_invalid", "ill_posed", "nothing_imported"] | None = None
    note: str = Field("", max_length=2000)
    """The written reason (required to resolve, annul or reverse by hand)."""


@router.get("/forecasts/questions", response=dict, summary="Questions you may see (filters: model, org, state, red_line)")
def list_questions(request, model: str | None = None, org: str | None = None, state: str | None = None,
                   red_line: int | None = None):
    params = {"model": model, "org": org, "state": state, "red_line": str(red_line) if red_line else None}
    return pagedata.question_list(caller(request), params)


@router.get("/forecasts/questions/{pk}", response=dict, summary="One question: criteria, events, forecasts, scores")
def get_question(request, pk: RecordId):
    user = caller(request)
    return pagedata.question_page(user, lookups.visible_question(user, pk))


@router.post("/forecasts/questions", response={201: dict}, summary="Ask a question (opened at once by default)")
def create_question(request, body: QuestionIn):
    user = require_write(request)
    data = body.dict()
    model = None
    if data["model"]:
        org, _, slug = data["model"].partition("/")
        model = visible_model(user, org, slug)
    next_of = get_object_or_404(Organisation, slug=data["next_model_of"]) if data["next_model_of"] else None
    organisation = get_object_or_404(Organisation, slug=data["organisation"]) if data["organisation"] else None
    red_line = None
    if data["red_line"]:
        from redline.commitments.models import Commitment

        red_line = Commitment.objects.filter(pk=data["red_line"]).select_related("model").first()
        if red_line is None:
            raise Http404("no such red line")
    question = services.create_question(
        user, title=data["title"], criteria=data["criteria"], kind=data["kind"], model=model, next_model_of=next_of,
        task=data["task"], metric=data["metric"], scorer=data["scorer"], direction=data["direction"],
        threshold=data["threshold"], opens_at=data["opens_at"], closes_at=data["closes_at"],
        resolve_by=data["resolve_by"], organisation=organisation, visibility=data["visibility"],
        public_after=data["public_after"], red_line=red_line, forecasts_hidden=data["forecasts_hidden"],
        open_now=data["open_now"])
    return Status(201, pagedata.question_page(user, question))


@router.post("/forecasts/questions/{pk}/forecasts", response={201: dict}, summary="Make or update a forecast")
def make_forecast(request, pk: RecordId, body: ForecastIn):
    user = require_write(request)
    question = lookups.visible_question(user, pk)
    as_org = get_object_or_404(Organisation, slug=body.as_org) if body.as_org else None
    forecast = services.make_forecast(user, question, probability=body.probability, quantiles=body.quantiles,
                                      as_org=as_org)
    from redline.forecasts.serializers import forecast_dict

    return Status(201, forecast_dict(forecast, revealed_salt=False))


@router.post("/forecasts/questions/{pk}/{action}", response=dict,
             summary="Move a question: open, close, resolve, annul or reverse")
def move_question(request, pk: RecordId, action: Literal["open", "close", "resolve", "annul", "reverse"],
                  body: MoveIn):
    user = require_write(request)
    question = lookups.visible_question(user, pk)
    if action == "open":
        services.open_question(user, question)
    elif action == "close":
        services.close_question(user, question)
    elif action == "resolve":
        services.resolve_manually(user, question, body.outcome, body.note)
    elif action == "annul":
        services.annul(user, question, body.annul_reason or "", body.note)
    else:
        services.reverse(user, question, body.note)
    return pagedata.question_page(user, question)


@router.get("/forecasts/forecasters/{handle}", response=dict, summary="A forecaster's track record")
def forecaster_record(request, handle: str) -> dict[str, Any]:
    get_object_or_404(ForecasterProfile, handle=handle)
    return pagedata.record_page(caller(request), handle=handle)


@router.get("/forecasts/orgs/{slug}", response=dict, summary="An organisation's track record as a body")
def organisation_record(request, slug: str) -> dict[str, Any]:
    org = get_object_or_404(Organisation, slug=slug)
    return pagedata.record_page(caller(request), org=org)


@router.get("/forecasts/leaderboard", response=dict, summary="Forecasters by mean peer score")
def leaderboard(request) -> dict[str, Any]:
    return pagedata.leaderboard(caller(request))

"""Forecast pages and their JSON twins: questions, track records, the leaderboard, plots, feed, export.

Views parse, look up through :mod:`redline.forecasts.lookups` (404 for what may not be seen),
call :mod:`redline.forecasts.services` and render; the figures come from the core.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_GET, require_POST

from redline.accounts.models import Organisation
from redline.core.errors import IllegalTransition, InvalidInput
from redline.forecasts import forms, lookups, pagedata, services
from redline.forecasts.models import ForecasterProfile, Question
from redline.http.forms import add_service_error
from redline.http.render import json_url, page


@require_GET
def question_list(request, fmt: str = "html"):
    data = pagedata.question_list(request.user, request.GET)
    return page(request, "forecasts/list.html", {**data, "json_url": json_url(request),
                                                 "filters": request.GET}, data, fmt)


@require_GET
def question_detail(request, pk: int, fmt: str = "html"):
    question = lookups.visible_question(request.user, pk)
    data = pagedata.question_page(request.user, question)
    context = {"q": question, "d": data, "json_url": json_url(request)}
    if fmt != "json":
        context.update(_forms(request.user, question))
    return page(request, "forecasts/question.html", context, data, fmt)


def _forms(user, question: Question) -> dict:
    out = {"can_manage": lookups.can_manage(user, question), "can_resolve": lookups.can_resolve(user)}
    if user.is_authenticated and question.state == "open":
        out["forecast_form"] = forms.ForecastForm(kind=question.kind, orgs=list(lookups.forecasting_orgs(user)))
    if out["can_resolve"]:
        # Three forms on one page, each with a "note": ids kept apart so every label finds its own field.
        out.update(resolve_form=forms.ResolveForm(auto_id="resolve_%s"), annul_form=forms.AnnulForm(auto_id="annul_%s"),
                   reverse_form=forms.ReverseForm(auto_id="reverse_%s"))
    return out


@require_GET
def question_plot(request, pk: int):
    question = lookups.visible_question(request.user, pk)
    return _svg(pagedata.question_svg(request.user, question))


def _svg(text: str) -> HttpResponse:
    response = HttpResponse(text, content_type="image/svg+xml; charset=utf-8")
    response["Cache-Control"] = "no-cache"
    return response


@login_required
@require_POST
def forecast_submit(request, pk: int):
    question = lookups.visible_question(request.user, pk)
    orgs = list(lookups.forecasting_orgs(request.user))
    form = forms.ForecastForm(request.POST, kind=question.kind, orgs=orgs)
    if form.is_valid():
        data = form.cleaned_data
        as_org = next((o for o in orgs if o.slug == data.get("as_org")), None)
        try:
            services.make_forecast(request.user, question, probability=data.get("probability") or None,
                                   quantiles=data.get("quantiles") or None, as_org=as_org)
        except InvalidInput as exc:
            add_service_error(form, exc, default="probability" if question.kind == "binary" else "quantiles")
        else:
            messages.success(request, "Forecast recorded and appended to the ledger. You may update it until the "
                                      "question closes; every forecast is kept.")
            return redirect(question.get_absolute_url())
    data = pagedata.question_page(request.user, question)
    context = {"q": question, "d": data, **_forms(request.user, question), "forecast_form": form}
    return render(request, "forecasts/question.html", context, status=400)


_ACTIONS = {"open", "close", "resolve", "annul", "reverse"}


@login_required
@require_POST
def question_action(request, pk: int, action: str):
    question = lookups.visible_question(request.user, pk)
    if action not in _ACTIONS:
        raise Http404("no such action")
    post = request.POST
    try:
        if action == "open":
            services.open_question(request.user, question)
            messages.success(request, "The question is open for forecasting.")
        elif action == "close":
            services.close_question(request.user, question)
            messages.success(request, "Forecasting is closed; everyone's forecasts are now shown.")
        elif action == "resolve":
            services.resolve_manually(request.user, question, post.get("outcome", ""), post.get("note", ""))
            messages.success(request, "Resolved by hand; the resolution and its reason are in the ledger.")
        elif action == "annul":
            services.annul(request.user, question, post.get("annul_reason", ""), post.get("note", ""))
            messages.success(request, "Annulled; no forecast on it is scored.")
        else:
            services.reverse(request.user, question, post.get("note", ""))
            messages.success(request, "Reversed: the question is closed again; resolve or annul it anew.")
    except (InvalidInput, IllegalTransition) as exc:
        messages.error(request, str(exc))
    return redirect(question.get_absolute_url())


@login_required
def question_new(request):
    choices = pagedata.question_form_choices(request.user)
    form = forms.QuestionForm(request.POST or None, **choices)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        models = {m.full_slug: m for m in choices["models"]}
        orgs = {o.slug: o for o in choices["orgs"]}
        developers = {o.slug: o for o in choices["developer_orgs"]}
        red_lines = {str(c.pk): c for c in choices["red_lines"]}
        try:
            question = services.create_question(
                request.user, title=d["title"], criteria=d["criteria"], kind=d["kind"],
                model=models.get(d["model"]), next_model_of=developers.get(d["next_model_of"]), task=d["task"],
                metric=d["metric"], scorer=d["scorer"], direction=d["direction"] or "ge", threshold=d["threshold"],
                opens_at=d["opens_at"], closes_at=d["closes_at"], resolve_by=d["resolve_by"],
                organisation=orgs.get(d["organisation"]), visibility=d["visibility"],
                public_after=d["public_after"], red_line=red_lines.get(d["red_line"]),
                forecasts_hidden=d["forecasts_hidden"], open_now=d["open_now"])
        except InvalidInput as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Question saved." + (" It is open for forecasting." if d["open_now"] else
                                                           " Open it when it is ready."))
            return redirect(question.get_absolute_url())
    return render(request, "forecasts/new.html", {"form": form}, status=400 if request.method == "POST" else 200)


@require_GET
def forecaster_page(request, handle: str, fmt: str = "html"):
    if handle.startswith("org:"):
        return redirect(f"/forecasts/orgs/{handle[4:]}/")
    get_object_or_404(ForecasterProfile, handle=handle)
    data = pagedata.record_page(request.user, handle=handle)
    return page(request, "forecasts/record.html", {"d": data, "json_url": json_url(request)}, data, fmt)


@require_GET
def organisation_page(request, slug: str, fmt: str = "html"):
    org = get_object_or_404(Organisation, slug=slug)
    data = pagedata.record_page(request.user, org=org)
    return page(request, "forecasts/record.html", {"d": data, "org": org, "json_url": json_url(request)}, data, fmt)


@require_GET
def record_plot(request, kind: str, handle: str | None = None, slug: str | None = None):
    if kind not in ("reliability", "discrimination"):
        raise Http404("no such plot")
    org = get_object_or_404(Organisation, slug=slug) if slug else None
    if handle is not None:
        get_object_or_404(ForecasterProfile, handle=handle)
    return _svg(pagedata.record_svg(request.user, kind, handle=handle, org=org))


@require_GET
def leaderboard(request, fmt: str = "html"):
    data = pagedata.leaderboard(request.user)
    return page(request, "forecasts/leaderboard.html", {"d": data, "json_url": json_url(request)}, data, fmt)


@login_required
def handle_settings(request):
    current = services.handle_for(request.user)
    form = forms.HandleForm(request.POST or None, initial={"handle": current})
    if request.method == "POST" and form.is_valid():
        try:
            services.set_handle(request.user, form.cleaned_data["handle"])
        except InvalidInput as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Handle saved. Forecasts you make from now on carry it.")
            return redirect("forecasts:handle")
    return render(request, "forecasts/handle.html", {"form": form, "handle": current},
                  status=400 if request.method == "POST" else 200)


@require_GET
def export(request):
    """The score file of every resolved public question, whoever asks (a public surface, as the CLI's)."""
    from django.contrib.auth.models import AnonymousUser

    from redline.core.forecasts import iter_score_lines
    from redline.forecasts.scoring import export_rows

    response = StreamingHttpResponse(iter_score_lines(export_rows(AnonymousUser())),
                                     content_type="application/x-ndjson; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="forecasts.jsonl"'
    return response


class ResolutionFeed(Feed):
    """Atom feed of resolutions and annulments of public questions."""

    feed_type = Atom1Feed
    title = "redline: forecast resolutions"
    link = "/forecasts/"
    subtitle = "Questions on evaluation results as they resolve (close calls flagged) or are annulled."

    def items(self):
        from redline.forecasts.models import QuestionEvent

        public = lookups.public_questions().values("pk")
        return (QuestionEvent.objects.filter(question__in=public, event__in=["resolve", "annul", "reverse"])
                .select_related("question").order_by("-at", "-pk")[:50])

    def item_title(self, item):
        return pagedata.event_title(item)

    def item_description(self, item):
        return pagedata.event_description(item)

    def item_link(self, item):
        return item.question.get_absolute_url() + f"#event-{item.pk}"

    def item_pubdate(self, item):
        return item.at

    def item_updateddate(self, item):
        return item.at

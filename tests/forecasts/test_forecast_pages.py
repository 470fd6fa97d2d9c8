"""Forecast pages, JSON twins, plots, feed and export, through the test client."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client
from redline_tests_forecast_fixtures import CYBER_RUN, import_cyber

from redline.forecasts import services

pytestmark = pytest.mark.django_db


def at(days: float) -> dt.datetime:
    return CYBER_RUN + dt.timedelta(days=days)


def client_for(user=None) -> Client:
    c = Client()
    if user is not None:
        c.force_login(user)
    return c


@pytest.fixture
def resolved(fworld, make_question):
    q = make_question()
    services.make_forecast(fworld["ana"], q, probability=0.8, now=at(-3))
    services.make_forecast(fworld["ben"], q, probability=0.3, now=at(-2))
    services.make_forecast(fworld["admin"], q, probability=0.6, as_org=fworld["dev"], now=at(-2))
    import_cyber(fworld["admin"], fworld["model"])
    q.refresh_from_db()
    return q


def test_question_page_shows_resolution_evidence_and_scores(fworld, resolved):
    page = client_for().get(f"/forecasts/{resolved.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Resolved <strong>yes</strong>" in html and "cyber-exploit-ctf.eval" in html
    data = client_for().get(f"/forecasts/{resolved.pk}.json").json()
    assert data["state"] == "resolved" and data["resolution"]["evidence"]["sha256"] == resolved.evidence.sha256
    assert {s["forecaster"] for s in data["scores"]} == {"ana", "ben", "org:acme"}
    assert data["aggregate"]["n"] == 3 and data["aggregate"]["median"] == pytest.approx(0.6)
    assert all(f["salt"] for f in data["forecasts"])  # after close anyone may recompute the digests
    plot = client_for().get(data["plot_url"])
    assert plot.status_code == 200 and plot["Content-Type"].startswith("image/svg+xml")
    assert b"<desc" in plot.content


def test_forecasts_hidden_until_close(fworld, make_question):
    q = make_question(closes=dt.datetime.now(dt.UTC) + dt.timedelta(days=5),
                      resolve_by=dt.datetime.now(dt.UTC) + dt.timedelta(days=9))
    services.make_forecast(fworld["ana"], q, probability=0.123)
    assert "0.123" not in client_for(fworld["ben"]).get(f"/forecasts/{q.pk}/").content.decode()
    other = client_for(fworld["ben"]).get(f"/forecasts/{q.pk}.json").json()
    assert other["forecasts"] == [] and other["aggregate"] is None
    mine = client_for(fworld["ana"]).get(f"/forecasts/{q.pk}.json").json()
    assert [f["probability"] for f in mine["forecasts"]] == [0.123] and mine["forecasts"][0]["salt"] is None
    ledger = client_for(fworld["ben"]).get("/ledger.json").content.decode()
    assert "forecasts.forecast" not in ledger  # redacted for outsiders before the close
    assert "forecasts.forecast" in client_for(fworld["ana"]).get("/ledger.json").content.decode()
    services.close_question(fworld["admin"], q)
    assert "0.123" in client_for(fworld["ben"]).get(f"/forecasts/{q.pk}/").content.decode()


def test_forecast_form_records_and_refuses_with_the_field(fworld, make_question):
    q = make_question(closes=dt.datetime.now(dt.UTC) + dt.timedelta(days=5),
                      resolve_by=dt.datetime.now(dt.UTC) + dt.timedelta(days=9))
    c = client_for(fworld["ana"])
    bad = c.post(f"/forecasts/{q.pk}/forecast/", {"probability": "1"})
    assert bad.status_code == 400 and "strictly between 0 and 1" in bad.content.decode()
    ok = c.post(f"/forecasts/{q.pk}/forecast/", {"probability": "0.65"})
    assert ok.status_code == 302 and q.forecasts.get().probability == 0.65
    assert client_for().post(f"/forecasts/{q.pk}/forecast/", {"probability": "0.5"}).status_code == 302  # sign in
    assert q.forecasts.count() == 1


def test_internal_question_stays_off_public_surfaces(fworld, make_question):
    q = make_question(title="Internal prediction marker", visibility="org", organisation=fworld["dev"],
                      public_after=at(400))
    services.make_forecast(fworld["member"], q, probability=0.9, now=at(-3))
    import_cyber(fworld["admin"], fworld["model"])
    q.refresh_from_db()
    assert q.state == "resolved"
    for who in (None, fworld["outsider"]):
        c = client_for(who)
        assert c.get(f"/forecasts/{q.pk}/").status_code == 404
        assert c.get(f"/forecasts/{q.pk}.json").status_code == 404
        for url in ("/forecasts/", "/forecasts.json", "/forecasts/feed.atom", "/forecasts/export.jsonl",
                    "/forecasts/leaderboard.json", f"/models/{fworld['model'].full_slug}/", "/api/forecasts/questions"):
            body = c.get(url)
            text = b"".join(body.streaming_content).decode() if body.streaming else body.content.decode()
            assert "Internal prediction marker" not in text and f'"Q{q.pk}"' not in text, url
    assert client_for(fworld["member"]).get(f"/forecasts/{q.pk}/").status_code == 200
    # After the public-after date it is public like any other.
    q.public_after = dt.datetime.now(dt.UTC) - dt.timedelta(days=1)
    q.save()
    assert client_for().get(f"/forecasts/{q.pk}/").status_code == 200


def test_track_records_plots_and_leaderboard(fworld, resolved):
    record = client_for().get("/forecasts/forecasters/ana.json").json()
    assert record["summary"]["n_binary"] == 1 and record["summary"]["brier"] == pytest.approx(0.04)
    assert record["reliability"]["bins"][8]["count"] == 1
    assert record["questions"][0]["close_call"] is True  # 0.64 with its interval around the 0.5 threshold
    html = client_for().get("/forecasts/forecasters/ana/").content.decode()
    assert "reliability.svg" in html and "Murphy decomposition" in html
    for url in (record["reliability_url"], record["discrimination_url"]):
        svg = client_for().get(url)
        assert svg.status_code == 200 and b'role="img"' in svg.content
    org = client_for().get("/forecasts/orgs/acme.json").json()
    assert org["forecaster"] == "org:acme" and org["summary"]["brier"] == pytest.approx(0.16)
    model_page = client_for().get(f"/models/{fworld['model'].full_slug}/").content.decode()
    assert "own prediction record" in model_page and resolved.title in model_page
    assert "Track record with calibration" in client_for().get("/orgs/acme/").content.decode()
    board = client_for().get("/forecasts/leaderboard.json").json()
    assert board["results"] == []  # one question each: below the minimum


def test_export_reproduces_the_site_scores(fworld, resolved, make_question, tmp_path):
    from redline.core.forecasts import parse_score_lines, score_forecasts, summarise

    q2 = make_question(kind="numeric", title="Numeric")
    services.make_forecast(fworld["ana"], q2, quantiles=[[0.05, 0.3], [0.5, 0.6], [0.95, 0.9]], now=at(-3))
    services.make_forecast(fworld["ben"], q2, quantiles=[[0.05, 0.1], [0.5, 0.2], [0.95, 0.5]], now=at(-3))
    import_cyber(fworld["admin"], fworld["model"])  # a second import: the earlier run still decides
    response = client_for().get("/forecasts/export.jsonl")
    text = b"".join(response.streaming_content).decode()
    assert "@" not in text
    rows = summarise(score_forecasts(parse_score_lines(text.splitlines())))
    for row in rows:
        handle = row.forecaster
        url = f"/forecasts/orgs/{handle[4:]}.json" if handle.startswith("org:") else f"/forecasts/forecasters/{handle}.json"
        site = client_for().get(url).json()["summary"]
        for key, value in row.as_dict().items():
            assert site[key] == (pytest.approx(value, abs=0, rel=0) if isinstance(value, float) else value), key
    assert {r.forecaster for r in rows} == {"ana", "ben", "org:acme"}


def test_red_line_page_links_the_question_both_ways(fworld, make_question, world_red_line):
    q = make_question(red_line=world_red_line, title="Crossing marker")
    page = client_for().get(world_red_line.get_absolute_url()).content.decode()
    assert "Crossing marker" in page
    assert world_red_line.get_absolute_url() in client_for().get(f"/forecasts/{q.pk}/").content.decode()
    data = client_for().get(world_red_line.get_absolute_url().rstrip("/") + ".json").json()
    assert [r["id"] for r in data["forecast_questions"]] == [q.pk]


def test_feed_lists_resolutions(fworld, resolved):
    feed = client_for().get("/forecasts/feed.atom").content.decode()
    assert "Resolved yes" in feed and resolved.title in feed


def test_api_round_trip(fworld, make_question):
    from redline.accounts.services import create_token

    secret = create_token(fworld["ana"], "t", scope="write")[1]
    q = make_question(closes=dt.datetime.now(dt.UTC) + dt.timedelta(days=5),
                      resolve_by=dt.datetime.now(dt.UTC) + dt.timedelta(days=9))
    listed = client_for().get("/api/forecasts/questions").json()
    assert [r["id"] for r in listed["results"]] == [q.pk]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    made = client_for().post(f"/api/forecasts/questions/{q.pk}/forecasts", json.dumps({"probability": 0.4}),
                             content_type="application/json", **auth)
    assert made.status_code == 201 and made.json()["forecaster"] == "ana"
    bad = client_for().post(f"/api/forecasts/questions/{q.pk}/forecasts", json.dumps({"probability": 1.0}),
                            content_type="application/json", **auth)
    assert bad.status_code == 422 and bad.json()["field"] == "probability"
    refused = client_for().post(f"/api/forecasts/questions/{q.pk}/resolve",
                                json.dumps({"outcome": True, "note": "x"}), content_type="application/json", **auth)
    assert refused.status_code == 403
    illegal = client_for().post(f"/api/forecasts/questions/{q.pk}/open", json.dumps({}),
                                content_type="application/json", **auth)
    assert illegal.status_code in (403, 409)
    assert client_for().get(f"/api/forecasts/questions/{q.pk}").json()["forecasts"] == []  # hidden until close
    assert client_for().get("/api/forecasts/leaderboard").json()["results"] == []


def test_new_question_form_creates_and_opens(fworld, world_red_line):
    c = client_for(fworld["ana"])
    assert c.get("/forecasts/new/").status_code == 200
    now = dt.datetime.now(dt.UTC)
    fields = {"title": "Form question", "criteria": "The first run.", "kind": "binary", "model": "acme/acme-7b",
              "task": "cyber_exploit_ctf", "metric": "accuracy", "direction": "ge", "threshold": "0.5",
              "opens_at": (now + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"),
              "closes_at": (now + dt.timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
              "resolve_by": (now + dt.timedelta(days=9)).strftime("%Y-%m-%dT%H:%M"), "visibility": "public",
              "red_line": str(world_red_line.pk), "forecasts_hidden": "on", "open_now": "on"}
    bad = c.post("/forecasts/new/", {**fields, "threshold": ""})
    assert bad.status_code == 400 and "needs a finite threshold" in bad.content.decode()
    ok = c.post("/forecasts/new/", fields)
    assert ok.status_code == 302
    from redline.forecasts.models import Question

    q = Question.objects.get(title="Form question")
    assert q.state == "open" and q.red_line == world_red_line and q.author == fworld["ana"]
    internal = c.post("/forecasts/new/", {**fields, "title": "x", "visibility": "org", "organisation": "acme"})
    assert internal.status_code == 400  # ana is no member of acme: the choice is not even offered

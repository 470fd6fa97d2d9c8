"""The report form: several models, vendors and CUE entries with suggestions, references, per-field limits,
a friendly page for an over-large request, redirect after POST, who was told, and duplicate suggestions
that never reveal a private report to someone who may not see it."""

from __future__ import annotations

import re

from django.test import Client

from redline.disclosure import intake, services
from redline.disclosure.models import Report

DESCRIPTION = "A role-play framing makes the model give step-by-step instructions it should refuse."


def _form(**kw):
    data = {"kind": "vulnerability", "title": "Refusal bypass via role-play", "description": DESCRIPTION,
            "models": ["aurora/aurora-2"], "severity": "high", "attachment_sensitivity": "restricted",
            "accept_terms": "on"}
    data.update(kw)
    return data


def _received(client, response):
    assert response.status_code == 302 and response["Location"] == "/report/received/", response.content[:500]
    return client.get("/report/received/").content.decode()


def test_several_models_vendors_and_entries_from_repeated_boxes_and_commas(client, world, make_org):
    make_org("developer", name="Third Lab", slug="third")
    make_org("developer", name="Fourth Lab", slug="fourth")
    r = client.post("/report/", _form(
        models=["aurora/aurora-2", "forge/forge-8b", ""],  # two boxes filled, one left empty
        vendors=["third, fourth"],  # one box, two entries
        cue_ids=["cue-0001", "CUE-0006"], harm_types=["physical harm, privacy violation"],
        affected_stakeholders=["children", "third parties"], credits="Jane Doe, University of Somewhere\nJ. Roe",
        references="https://example.org/paper Our paper\nhttps://example.org/post",
        other_systems="Acme / acme-chat / 3"))
    _received(client, r)
    report = Report.objects.get()
    assert sorted(p.vendor.slug for p in report.case.participants.all()) == ["aurora", "forge", "fourth", "third"]
    assert sorted(m.full_slug for m in report.affected_models.all()) == ["aurora/aurora-2", "forge/forge-8b"]
    assert sorted(c.pk for c in report.cue_entries.all()) == ["CUE-0001", "CUE-0006"]
    assert report.harm_types == ["physical harm", "privacy violation"]
    assert report.affected_stakeholders == ["children", "third parties"]
    assert report.credits == ["Jane Doe, University of Somewhere", "J. Roe"]  # commas belong to a credit
    assert report.references == [{"url": "https://example.org/paper", "label": "Our paper"},
                                 {"url": "https://example.org/post"}]
    assert report.affected_systems == [{"vendor": "Acme", "model": "acme-chat", "version": "3"}]


def test_the_form_suggests_what_the_reporter_may_see(client, world, make_model):
    make_model(world.aurora, name="Secret", slug="secret", visibility="org")
    html = client.get("/report/").content.decode()
    assert '<datalist id="id_models_suggestions">' in html and 'list="id_models_suggestions"' in html
    assert '<option value="aurora/aurora-2">Aurora 2 (Aurora Labs)</option>' in html
    assert '<option value="forge">OpenForge</option>' in html
    assert '<option value="CUE-0001">Biological weapon acquisition uplift</option>' in html
    assert 'value="physical harm"' in html
    assert "aurora/secret" not in html  # a model the anonymous reporter may not see is not suggested
    assert '<label for="id_models_0">Affected models' in html and 'aria-label="Affected model 2"' in html
    assert 'id="id_references"' in html and "References" in html  # the field the checkbox refers to
    client.force_login(world.member)
    assert "aurora/secret" in client.get("/report/").content.decode()


def test_a_reference_must_be_a_web_address(client, world, api_client):
    r = client.post("/report/", _form(references="javascript:alert(1)"))
    assert r.status_code == 422 and Report.objects.count() == 0
    assert 'id="id_references_errors"' in r.content.decode() and "not a web address" in r.content.decode()
    body = {"title": "T", "description": "D", "accepted_terms": world.terms.version,
            "references": [{"url": "javascript:alert(1)"}]}
    r = api_client("post", "/api/reports", json=body)
    assert r.status_code == 422 and r.json()["field"] == "references"


def test_an_over_long_field_is_refused_by_name_and_what_was_typed_is_kept(client, world):
    limit = intake.TEXT_LIMITS["description"]
    long = "x" * (limit + 1)
    r = client.post("/report/", _form(description=long, models=["aurora/aurora-2", "forge/forge-8b"]))
    html = r.content.decode()
    assert r.status_code == 422 and Report.objects.count() == 0
    summary = re.search(r'<div class="message error" role="alert" id="error-summary">(.*?)</div>', html, re.S)
    assert summary and '<a href="#id_description">Description</a>' in summary.group(1)
    assert f"at most {limit:,} characters (this has {limit + 1:,})" in summary.group(1)
    assert long in html  # the text is kept in its box
    assert 'value="forge/forge-8b"' in html and 'value="Refusal bypass via role-play"' in html
    r = client.post("/report/", _form(models=[f"aurora/m{i}" for i in range(51)]))
    assert r.status_code == 422 and "at most 50 entries (this has 51)" in r.content.decode()


def test_the_api_applies_the_same_limits(world, api_client):
    body = {"title": "T", "description": "x" * (intake.TEXT_LIMITS["description"] + 1),
            "accepted_terms": world.terms.version}
    r = api_client("post", "/api/reports", json=body)
    assert r.status_code == 422 and r.json()["field"] == "description" and "at most 20,000" in r.json()["detail"]
    r = api_client("post", "/api/reports", json={**body, "description": "d", "harm_types": ["h"] * 21})
    assert r.status_code == 422 and r.json()["field"] == "harm_types"


def test_a_request_over_the_server_limit_gets_the_form_back_not_a_bare_400(client, world):
    # The case, with Django's default limit (2.5 MB of fields): a 5 MB description.
    r = client.post("/report/", _form(description="x" * (5 * 1024 * 1024)))
    html = r.content.decode()
    assert r.status_code == 413 and Report.objects.count() == 0
    assert '<main id="main"' in html and "redline.css" in html and "Bad Request" not in html
    assert "The field “Description” was probably too long: it may hold at most 20,000 characters" in html
    assert 'value="Refusal bypass via role-play"' in html  # what came before it is kept
    # A 2 MB one fits the request but not the field: refused by name, and kept.
    r = client.post("/report/", _form(description="y" * (2 * 1024 * 1024)))
    assert r.status_code == 422 and "at most 20,000 characters" in r.content.decode()


def test_the_over_large_page_still_checks_csrf(world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 20_000
    client = Client(enforce_csrf_checks=True)
    client.get("/report/")
    token = client.cookies["csrftoken"].value
    r = client.post("/report/", {"csrfmiddlewaretoken": token, **_form(description="z" * 30_000)})
    assert r.status_code == 413 and "too long" in r.content.decode()
    assert client.post("/report/", _form(description="z" * 30_000)).status_code == 403
    assert client.post("/report/", _form()).status_code == 403
    assert client.post("/report/", {"csrfmiddlewaretoken": token, **_form()}).status_code == 302


def test_redirect_after_post_and_the_link_is_shown_once(client, world):
    r = client.post("/report/", _form())
    html = _received(client, r)
    link = re.search(r'id="follow-up-link" href="([^"]+)"', html).group(1)
    assert "/report/follow/rlf_" in link and client.get(link).status_code == 200
    again = client.get("/report/received/").content.decode()  # a refresh: no new report, no link
    assert Report.objects.count() == 1 and "follow-up-link" not in again and 'id="link-shown"' in again
    assert "rlf_" not in str(dict(client.session))  # the raw token left the session once shown
    assert client.get("/report/received/", follow=False).status_code == 200
    assert Client().get("/report/received/")["Location"] == "/report/"  # nothing to show another browser


def test_the_page_says_who_was_notified(client, world):
    html = _received(client, client.post("/report/", _form(models=["aurora/aurora-2", "forge/forge-8b"])))
    assert re.search(r'id="notified">The developers on the case are being notified.*Aurora Labs, OpenForge', html)
    html = _received(client, client.post("/report/", _form(models=[], title="Nobody named")))
    assert "No developer is on this case yet" in html and "have been notified" not in html
    html = _received(client, client.post("/report/", _form(csam_path="on", title="CSAM path")))
    assert "It goes to the coordinators only" in html


def test_duplicate_suggestions_reveal_only_published_matches_to_an_anonymous_reporter(client, world, submit,
                                                                                      api_client):
    first = submit(title="Grandmother napalm role-play", description=DESCRIPTION).report
    reserved_id = first.advisory.public_id
    html = _received(client, client.post("/report/", _form(title="Grandmother napalm role-play")))
    assert reserved_id not in html and first.ref not in html and "Possibly the same as" not in html
    body = {"title": "Grandmother napalm role-play", "description": DESCRIPTION, "models": ["aurora/aurora-2"],
            "accepted_terms": world.terms.version}
    assert api_client("post", "/api/reports", json=body).json()["suggestions"] == []
    # A triager of the vendor on that case sees it, linked to the case.
    triager = Client()
    triager.force_login(world.triager)
    html = _received(triager, triager.post("/report/", _form(title="Grandmother napalm role-play")))
    assert f'<a href="/cases/{first.pk}/">{first.ref}</a>' in html
    # Once published, anyone sees the advisory.
    services.triage(world.triager, first, world.aurora, "accept")
    services.publish(world.triager, first)
    html = _received(client, client.post("/report/", _form(title="Grandmother napalm role-play")))
    assert f'<a href="/advisories/{reserved_id}/">{reserved_id}</a>' in html

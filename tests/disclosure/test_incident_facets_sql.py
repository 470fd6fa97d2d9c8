"""The incident list filters and counts its facets in SQL, with the counts a Python recount gives."""

from __future__ import annotations

import itertools
import random

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from redline.core.disclosure import incident as core
from redline.disclosure import incident_facets, incidents

pytestmark = pytest.mark.django_db

HARMS = ["financial", "privacy", "Privacy", "physical", "Éducation", "éducation"]
SECTORS = ["finance", "retail", "healthcare", "RETAIL"]
ATLAS = ["AML.T0051", "AML.T0054", "aml.t0051"]
SEVERITIES = ["", "low", "medium", "high", "critical"]
STATES = ["published", "published", "published", "submitted", "rejected"]


def _seed(n: int, seed: int = 7):
    from redline.disclosure.models import Incident
    from redline.enumeration.models import CueEntry

    rng = random.Random(seed)
    cues = list(CueEntry.objects.order_by("pk")[:4])
    made = []
    for i in range(n):
        inc = Incident.objects.create(
            title=f"Seeded {i}", state=rng.choice(STATES), public=rng.random() > 0.15,
            harm_types=rng.sample(HARMS, rng.randint(0, 3)), severity=rng.choice(SEVERITIES),
            sectors=rng.sample(SECTORS, rng.randint(0, 2)), atlas_techniques=rng.sample(ATLAS, rng.randint(0, 2)))
        inc.cue_entries.set(rng.sample(cues, rng.randint(0, 2)))
        made.append(inc)
    return made


def _python_search(user, chosen):
    """The list's old way: every visible published row read into Python, matched and counted there."""
    base = list(incidents.visible(user).filter(state="published"))
    rows = [(pk, row) for pk, row in incident_facets.rows_of(base).items() if core.matches(row, chosen)]
    return sorted(pk for pk, _ in rows), core.facet_counts([row for _, row in rows])


CHOICES = [{}, {"harm": "privacy"}, {"harm": "PRIVACY", "sector": "retail"}, {"severity": "not given"},
           {"severity": "HIGH"}, {"atlas": "aml.t0051"}, {"harm": "ÉDUCATION"}, {"sector": "nowhere"}]


@pytest.mark.parametrize("who", ["anonymous", "coordinator", "researcher"])
def test_sql_facets_equal_a_python_recount(world, who):
    from django.contrib.auth.models import AnonymousUser

    from redline.enumeration.models import CueEntry

    made = _seed(60)
    user = AnonymousUser() if who == "anonymous" else getattr(world, who)
    made[0].submitted_by = world.researcher  # a draft of one's own is visible, but not listed
    made[0].save()
    first_cue = CueEntry.objects.order_by("pk").first().pk
    for chosen in [*CHOICES, {"cue": first_cue.lower()}]:
        full = {f: chosen.get(f, "") for f in core.FACETS}
        matched, counts = incidents.search(user, full)
        want_pks, want_counts = _python_search(user, full)
        assert sorted(matched.values_list("pk", flat=True)) == want_pks, chosen
        assert counts == want_counts, chosen
    assert any(counts["harm"] for counts in [incidents.search(user, {f: "" for f in core.FACETS})[1]])


def _list_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_list_runs_the_same_queries_for_3_and_30_incidents(client, world):
    from redline.disclosure.models import Incident

    def publish_all():
        Incident.objects.exclude(state="published").update(state="published")
        Incident.objects.update(public=True)

    _seed(2, seed=1)
    Incident.objects.create(title="Matches the filter", harm_types=["privacy"], sectors=["retail"])
    publish_all()
    urls = ["/incidents/", "/incidents.json", "/incidents/?harm=privacy&sector=retail"]
    client.get(urls[0])
    few = [_list_queries(client, u) for u in urls]
    _seed(27, seed=2)
    publish_all()
    many = [_list_queries(client, u) for u in urls]
    assert client.get("/incidents.json").json()["count"] == 30
    assert many == few


def test_the_index_follows_every_change_and_verify_checks_it(world):
    from redline.disclosure.models import Incident, IncidentFacet
    from redline.enumeration.models import CueEntry
    from redline.ledger.services import verify

    a, b = _seed(2, seed=3)
    cue, other = CueEntry.objects.order_by("pk")[:2]

    def stored(inc):
        return set(IncidentFacet.objects.filter(incident=inc).values_list("facet", "value"))

    def wanted(inc):
        inc.refresh_from_db()
        return core.facet_entries(incident_facets.rows_of([inc])[inc.pk])

    a.harm_types, a.severity, a.sectors = ["security"], "", ["media and social"]
    a.save()
    a.cue_entries.set([cue])
    cue.disclosure_incidents.add(b)  # from the CUE entry's side
    other.disclosure_incidents.add(a, b)
    other.disclosure_incidents.remove(b)
    for inc in (a, b):
        assert stored(inc) == wanted(inc)
    assert ("severity", "not given") in stored(a) and ("cue", cue.pk) in stored(b)
    cue.disclosure_incidents.clear()
    assert ("cue", cue.pk) not in stored(a) | stored(b) and stored(a) == wanted(a)
    assert verify() is None
    IncidentFacet.objects.filter(incident=a, facet="harm").update(value="forged", folded="forged")
    problem = verify()
    assert problem is not None and "facet index" in str(problem)
    assert incident_facets.rebuild() == sum(len(wanted(i)) for i in Incident.objects.all())
    assert verify() is None


def test_an_incident_counts_once_per_value(world):
    from redline.disclosure.models import Incident

    Incident.objects.create(title="Twice", harm_types=["privacy", "privacy"], severity="low")
    _, counts = incidents.search(world.coordinator, {f: "" for f in core.FACETS})
    assert counts["harm"] == [("privacy", 1)] and counts["severity"] == [("low", 1)]
    assert list(itertools.chain(*counts.values())).count(("privacy", 1)) == 1

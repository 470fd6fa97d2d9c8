"""Demo incidents with sources, entities and taxonomy; a draft, a rejected submission and a merged duplicate.

Made through :mod:`redline.disclosure.incidents` as their users would; loading twice changes nothing (each
incident is found again by its title). Every name, address and event is fictional: the sources live on
``.example`` domains.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from redline.accounts.models import User
from redline.disclosure import incidents
from redline.disclosure.incidents import IncidentDraft
from redline.disclosure.models import Incident, Report
from redline.registry.demo import DEMO_DOMAIN


def _days_ago(n: int) -> date:
    return timezone.now().date() - timedelta(days=n)


def _draft(title: str, n: int, **kw) -> IncidentDraft:
    slug = "-".join(title.lower().split()[:5])
    fields = {"url": f"https://news.example/{_days_ago(n):%Y/%m}/{slug}", "title": title,
              "published_on": _days_ago(n - 1), "occurred_on": _days_ago(n), **kw}
    fields.setdefault("archived_url", f"https://archive.example/{_days_ago(n - 2):%Y%m%d}/{fields['url']}")
    return IncidentDraft(**fields)


def _demo() -> list[IncidentDraft]:
    return [
        _draft("Chatbot told a tenant to withhold rent, citing a law that does not exist", 120,
               summary="A housing association's assistant, built on Aurora 2, invented a tenancy statute; a tenant "
                       "who followed its advice received an eviction notice.",
               publisher="Harbour Gazette", developers=["Aurora Labs"], deployers=["Northside Housing Association"],
               harmed=["Tenants of Northside Housing Association"], harm_types=["financial", "legal rights"],
               sectors=["government"], severity="medium", cue_ids=["CUE-0050"]),
        _draft("Screening model ranked applicants from two postcodes lower", 95,
               summary="A recruiter's CV-screening service on Forge 8B scored applicants from two districts lower "
                       "for the same qualifications; an audit found it after 4,000 applications.",
               publisher="Labour Ledger", developers=["OpenForge AI"], deployers=["Quickhire Staffing"],
               harmed=["Job applicants"], harm_types=["discrimination"], sectors=["employment"], severity="high"),
        _draft("Screening model again down-ranked applicants after a retrain", 40,
               summary="Six months after the first audit the retrained screening model showed the same pattern "
                       "for a third district.",
               publisher="Labour Ledger", developers=["OpenForge AI"], deployers=["Quickhire Staffing"],
               harmed=["Job applicants"], harm_types=["discrimination"], sectors=["employment"], severity="high"),
        _draft("Prompt injection in a support inbox leaked customer addresses", 60,
               summary="An e-mail carrying hidden instructions made a support agent built on Forge 70B reply with "
                       "the addresses of other customers.",
               publisher="Security Weekly Example", developers=["OpenForge AI"], deployers=["Parcelpoint Couriers"],
               harmed=["Parcelpoint customers"], harm_types=["privacy", "security"], sectors=["retail"],
               severity="high", atlas=["AML.T0051"]),
        _draft("Cloned voice of a teenager used in a ransom call to her parents", 15,
               summary="Callers played a cloned voice of a teenager to her parents and demanded a ransom; the "
                       "voice was made with a kit shared on a fraud forum.",
               publisher="Evening Example", developers=["Meridian Systems"], harmed=["A family in Eastport"],
               harm_types=["psychological", "financial"], sectors=["security"], severity="high",
               cue_ids=["CUE-0013"]),
    ]


def load() -> None:
    coord = User.objects.get(email=f"coordinator@coordination-centre.{DEMO_DOMAIN}")
    researcher = User.objects.get(email=f"researcher@open-red-team.{DEMO_DOMAIN}")
    made = {}
    for draft in _demo():
        inc = Incident.objects.filter(title=draft.title).first()
        if inc is None:
            inc = incidents.submit(researcher, draft)
            incidents.publish(coord, inc)
        made[draft.title[:20]] = inc
    first, again = made["Screening model rank"], made["Screening model agai"]
    incidents.relate(first, [again])  # a recurrence

    voice = Incident.objects.filter(title__startswith="Voice-clone bank fraud wave").first()
    if voice is not None and not voice.sources.exists():
        incidents.add_source(coord, voice, "https://news.example/voice-clone-fraud-wave",
                             title="Banks report transfers ordered by cloned executive voices",
                             publisher="Finance Desk Example", published_on=_days_ago(24),
                             archived_url="https://archive.example/voice-clone-fraud-wave")
        for name, role in (("Meridian Systems", "developer"), ("Three regional banks", "harmed"),
                           ("Bank customers", "harmed")):
            incidents.add_entity(coord, voice, name, role)
        voice.harm_types, voice.sectors, voice.severity = ["financial"], ["finance"], "critical"
        voice.occurred_on = _days_ago(25)
        voice.save(update_fields=["harm_types", "sectors", "severity", "occurred_on"])  # ledgered on save
    # One report describes two incidents: the forum's voice-clone kits were used in both.
    forum = Report.objects.filter(source_format="demo", source_id="incident-2").first()
    if forum is not None:
        made["Cloned voice of a te"].reports.add(forum)
        if voice is not None:
            incidents.relate(made["Cloned voice of a te"], [voice])

    title = "Assistant gave wrong dosage for a children's medicine"
    if not Incident.objects.filter(title=title).exists():
        incidents.submit(researcher, _draft(title, 5, summary="A pharmacy chatbot doubled a dosage in one "
                                            "answer; the pharmacist caught it.", publisher="Health Wire Example",
                                            developers=["Aurora Labs"], deployers=["Corner Pharmacy"],
                                            harm_types=["physical"], sectors=["healthcare"]))
    title = "Our new AI product launch"
    if not Incident.objects.filter(title=title).exists():
        inc = incidents.submit(researcher, _draft(title, 8, summary="A press release about a product.",
                                                  publisher="PR Example", developers=["Launchco"]))
        incidents.reject(coord, inc, "no-harm", "A product announcement; no harm or near miss is described.")
    title = "Tenant eviction after chatbot legal advice"
    if not Incident.objects.filter(title=title).exists():
        inc = incidents.submit(researcher, _draft(title, 119, summary="The same tenancy-advice event, reported "
                                                  "by another paper.", publisher="City Post Example",
                                                  developers=["Aurora Labs"],
                                                  deployers=["Northside Housing Association"]))
        incidents.merge(coord, inc, made["Chatbot told a tenan"], "the same event")

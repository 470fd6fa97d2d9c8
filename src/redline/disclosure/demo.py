"""Demo disclosure cases in every state, made through the services; loading twice changes nothing.

Each demo report is tagged ``source_format="demo"`` with a stable ``source_id``
and skipped when it already exists.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from redline.accounts.models import Organisation, User
from redline.disclosure import intake, publishing, services
from redline.disclosure.clocks import check_deadlines
from redline.disclosure.models import Incident, Report, Webhook
from redline.ledger.services import acting_as
from redline.registry.demo import DEMO_DOMAIN


def _user(local: str, org: str) -> User:
    return User.objects.get(email=f"{local}@{org}.{DEMO_DOMAIN}")


def _org(slug: str) -> Organisation:
    return Organisation.objects.get(slug=slug)


def _submit(key: str, days_ago: float, **fields) -> Report | None:
    if Report.objects.filter(source_format="demo", source_id=key).exists():
        return None
    terms = intake.ensure_terms()
    fields.setdefault("reporter_email", f"researcher@open-red-team.{DEMO_DOMAIN}")
    reporter = User.objects.filter(email=fields["reporter_email"]).first()
    done = intake.submit_report(intake.Submission(accepted_terms=terms.version, **fields), reporter=reporter,
                                  now=timezone.now() - timedelta(days=days_ago))
    done.report.refresh_from_db()
    done.report.source_format, done.report.source_id = "demo", key
    done.report.save()  # recorded, so the ledger still verifies
    return done.report


def _at(days_ago: float):
    return timezone.now() - timedelta(days=days_ago)


@transaction.atomic
def load() -> None:
    aurora, forge, meridian = _org("aurora-labs"), _org("openforge"), _org("meridian")
    a_tri, f_tri = _user("triager", "aurora-labs"), _user("triager", "openforge")
    m_admin, coord = _user("admin", "meridian"), _user("coordinator", "coordination-centre")
    judge = _user("adjudicator", "adjudication-panel")
    with acting_as("demo"):
        if not Webhook.objects.filter(organisation__slug="coordination-centre").exists():
            Webhook.objects.create(organisation=_org("coordination-centre"), url="http://127.0.0.1:9/redline-hook",
                                   secret="demo-webhook-secret")
        steps: list[Callable[[], None]] = []

        def received():
            _submit("received", 0.2, title="Aurora 2 Mini ignores topic restriction in translated prompts",
                     description="Asking in Welsh or Basque lets users leave the support topic the operator set.",
                     models=["aurora-labs/aurora-2-mini"], severity="low", cue_ids=["CUE-0050"])

        def triaged():
            r = _submit("triaged", 3, title="Forge 8B writes keylogger code when framed as a CTF exercise",
                        description="A capture-the-flag framing yields a working Windows keylogger with persistence.",
                        models=["openforge/forge-8b"], severity="high", cue_ids=["CUE-0006", "CUE-0050"],
                        reproduction="Prompt: 'For our CTF, write...' (full transcript attached for the vendor)")
            if r:
                services.act(f_tri, r, "validate", vendor=forge, now=_at(2))

        def embargoed():
            r = _submit("embargo", 12, title="Aurora 2 gives synthesis route details under a fictional-lab framing",
                        description="A screenplay framing elicits intermediate steps that the scope statement says "
                                    "it refuses.", models=["aurora-labs/aurora-2"], severity="critical",
                        cue_ids=["CUE-0002", "CUE-0050"], reproduction="Screenplay prompt, 14 turns (restricted).",
                        restricted_fields=["actual_behaviour"], actual_behaviour="Named reagents and conditions.")
            if r:
                services.triage(a_tri, r, aurora, "accept", now=_at(11.5))
                services.act(a_tri, r, "propose_embargo", now=_at(11))
                services.act(coord, r, "accept_embargo", now=_at(10.5))

        def fix_ready():
            r = _submit("fixready", 30, title="Aurora 2 image input carries hidden prompt injection into tool calls",
                        description="Text hidden in an uploaded image is followed as an instruction by the browsing "
                                    "tool.", models=["aurora-labs/aurora-2"], severity="high", cue_ids=["CUE-0050"])
            if r:
                services.triage(a_tri, r, aurora, "accept", now=_at(29))
                services.act(a_tri, r, "propose_embargo", now=_at(29))
                services.act(coord, r, "accept_embargo", now=_at(28))
                services.act(a_tri, r, "fix_ready", vendor=aurora, now=_at(3))

        def published():
            r = _submit("published", 60, title="Grandmother role-play elicits napalm instructions from Forge 70B",
                        description="Role-playing a late grandmother who 'used to read recipes' yields step-by-step "
                                    "instructions in 9 of 10 attempts.", models=["openforge/forge-70b"],
                        severity="medium", prevalence="9 of 10 attempts", cue_ids=["CUE-0002", "CUE-0050"],
                        credits=["Open Red Team Collective"], reproduction="Exact prompt kept for the vendor.")
            if r:
                services.triage(f_tri, r, forge, "accept", now=_at(58))
                services.act(f_tri, r, "fix_ready", vendor=forge, now=_at(40))
                services.publish(f_tri, r, now=_at(35))
            return r

        def rejected():
            r = _submit("rejected", 20, title="Meridian Vision draws cartoon violence",
                        description="The model draws stylised cartoon fights when asked.",
                        models=["meridian/meridian-vision"], severity="low")
            if r:
                services.triage(m_admin, r, meridian, "invalid", now=_at(19))
                publishing.reject(m_admin, r, "Within the stated scope: stylised violence is allowed.", now=_at(19))

        def disputed():
            r = _submit("disputed", 45, title="Aurora 2 Mini reveals other tenants' system prompts",
                        description="A crafted 'repeat the above' prompt prints another customer's system prompt.",
                        models=["aurora-labs/aurora-2-mini"], severity="high", cue_ids=["CUE-0050"])
            if r:
                services.triage(a_tri, r, aurora, "invalid", now=_at(44))
                d = services.file_dispute(r, aurora, "The leaked prompt belonged to another tenant; this is a "
                                                     "confidentiality flaw.", user=r.reporter, token_ok=True)
                services.answer_dispute(a_tri, d, "The prompt shown was synthetic test data, not a tenant's.",
                                        now=_at(42))
                services.dispute_event(judge, d, "begin_review", now=_at(40))
                services.dispute_event(judge, d, "decide", outcome="overturned",
                                       rationale="Logs show the prompt came from a live tenant; the report is valid.",
                                       now=_at(38))
            r2 = _submit("disputed-open", 8, title="Forge 8B fine-tune removes refusals with 50 examples",
                         description="Fine-tuning on 50 harmful Q&A pairs removes nearly all refusals.",
                         models=["openforge/forge-8b"], severity="high", cue_ids=["CUE-0050"])
            if r2:
                services.triage(f_tri, r2, forge, "invalid", now=_at(7))
                services.file_dispute(r2, forge, "Open weights make this a real risk.", token_ok=True)

        def duplicate(original: Report | None):
            r = _submit("duplicate", 50, title="Grandma exploit on Forge 70B gives napalm recipe",
                        description="Role-playing a late grandmother who used to read recipes yields step-by-step "
                                    "instructions in most attempts.", models=["openforge/forge-70b"],
                        severity="medium", cue_ids=["CUE-0050"])
            original = original or Report.objects.filter(source_format="demo", source_id="published").first()
            if r and original:
                services.mark_duplicate(f_tri, r, original, forge, now=_at(49))

        def multi_vendor():
            r = _submit("multivendor", 15, title="Transferable many-shot jailbreak across three vendors",
                        description="A 128-shot dialogue prefix unlocks malware help on Aurora 2, Forge 70B and "
                                    "Meridian Vision's captioner.", models=["aurora-labs/aurora-2",
                                                                            "openforge/forge-70b",
                                                                            "meridian/meridian-vision"],
                        severity="high", cue_ids=["CUE-0006", "CUE-0050"])
            if r:
                services.triage(a_tri, r, aurora, "accept", now=_at(14))
                services.triage(f_tri, r, forge, "accept", now=_at(13))
                services.act(coord, r, "propose_embargo", now=_at(13))
                services.act(a_tri, r, "accept_embargo", now=_at(12))
                services.act(a_tri, r, "fix_ready", vendor=aurora, now=_at(5))
                # Meridian never answered: past its deadlines, the reporter disputes the silence; only the
                # reporter, Meridian, coordinators and adjudicators see that dispute, not Aurora or OpenForge
                services.file_dispute(r, meridian, "Meridian has not acknowledged a high-severity jailbreak in "
                                                   "two weeks; its captioner is still exposed.",
                                      user=r.reporter, token_ok=True, now=_at(6))

        def multi_vendor_published():
            """Three vendors, one embargo, one publication date; the advisory shows each vendor's status."""
            r = _submit("multivendor-published", 75, title="Unicode tag smuggling hides instructions from "
                                                           "three vendors' input filters",
                        description="Instructions written in invisible Unicode tag characters pass the input "
                                    "filters of Aurora 2, Forge 70B and Meridian Vision and are then followed.",
                        models=["aurora-labs/aurora-2", "openforge/forge-70b", "meridian/meridian-vision"],
                        severity="high", cue_ids=["CUE-0050"], credits=["Open Red Team Collective"])
            if r:
                services.triage(a_tri, r, aurora, "accept", now=_at(74))
                services.triage(f_tri, r, forge, "accept", now=_at(73))
                services.act(coord, r, "propose_embargo", requested_end=_at(15), now=_at(73))
                services.act(a_tri, r, "accept_embargo", now=_at(72))
                services.act(a_tri, r, "fix_ready", vendor=aurora, now=_at(50))
                services.act(a_tri, r, "fix_deployed", vendor=aurora, now=_at(45))
                services.act(f_tri, r, "fix_ready", vendor=forge, now=_at(30))
                services.set_statement(a_tri, r, aurora, "Input filters normalise Unicode tag characters since "
                                                         "release 2.1.3; no customer action is needed.")
                services.set_statement(f_tri, r, forge, "Forge 70B 1.2 strips tag characters in the reference "
                                                        "server; self-hosters should update.")
                services.publish(coord, r, now=_at(14))  # the agreed date; Meridian never answered

        def incident():
            if Incident.objects.filter(title__startswith="Voice-clone bank fraud wave").exists():
                return
            r1 = _submit("incident-1", 25, kind="incident", title="Cloned CFO voice used to authorise transfers",
                         description="Callers using a cloned executive voice made by Meridian's TTS tier obtained "
                                     "three transfers.", models=["meridian/meridian-vision"], severity="critical",
                         real_world_harm=True, malicious_use=True, cue_ids=["CUE-0013"])
            r2 = _submit("incident-2", 22, kind="misuse", title="Voice-clone scripts shared on a fraud forum",
                         description="Forum posts share prompt kits for producing executive voice clones.",
                         models=["meridian/meridian-vision"], severity="high", malicious_use=True,
                         cue_ids=["CUE-0013"])
            reports = [r for r in (r1, r2) if r]
            for r in reports:
                services.triage(m_admin, r, meridian, "accept", now=_at(21))
                services.act(m_admin, r, "attacks_observed", now=_at(21))
                services.publish(m_admin, r, now=_at(18))
            inc = services.create_incident(
                coord, "Voice-clone bank fraud wave", summary="Several firms lost money to calls using cloned "
                "executive voices.", reports=reports, impact="Three transfers, about EUR 1.2 million.",
                root_cause="Voice cloning from 30 seconds of public audio without consent checks.",
                mitigations="Consent verification for cloned voices; watermarking; bank call-back rules.",
                lessons_learned="Misuse in the wild must shorten the embargo to days, not weeks.")
            services.add_timeline(coord, inc, _at(25).date().isoformat(), "First transfer reported by a bank")
            services.add_timeline(coord, inc, _at(21).date().isoformat(), "Vendor confirms and rate-limits cloning")
            services.add_timeline(coord, inc, _at(18).date().isoformat(), "Advisories published")

        def escalated():
            _submit("escalated", 20, title="Forge 70B preview leaks training-data e-mail addresses",
                    description="Prefix prompts make the model complete real e-mail addresses and phone numbers.",
                    models=["openforge/forge-70b"], severity="high")

        def csam():
            _submit("csam", 4, kind="hazard", title="Image model accepts prompts that sexualise minors",
                    description="Described by category only; no material or prompt is included.",
                    models=["meridian/meridian-vision"], severity="critical", csam_path=True,
                    cue_ids=["CUE-0022"])

        steps = [received, triaged, embargoed, fix_ready, rejected, disputed, multi_vendor, multi_vendor_published,
                 incident, escalated, csam]
        original = published()
        duplicate(original)
        for step in steps:
            step()
        check_deadlines()
    transaction.on_commit(_drop_queued_notifications)  # after the notices the submissions queue on commit


def _drop_queued_notifications() -> None:
    """The demo's reports are history its vendors already know: drop the new-report notices they queued,
    so the worker that `redline demo` starts does not print them over the terminal."""
    try:
        from django_tasks_db.models import DBTaskResult
    except ImportError:  # another task backend: nothing queued in the database
        return
    DBTaskResult.objects.filter(task_path="redline.disclosure.tasks.notify_new_reports", status="READY").delete()

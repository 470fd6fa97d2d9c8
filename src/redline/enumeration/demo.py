"""Demo data for the CUE: the shipped catalogue, one open proposal and one rejected one (idempotent)."""

from __future__ import annotations

from django.db import transaction

from redline.accounts.models import User
from redline.enumeration import services
from redline.enumeration.models import CueEntry, CueProposal
from redline.ledger.services import acting_as

DOMAIN = "demo.redline.test"
OPEN_NAME = "Voice-clone impersonation of a relative for emergency scams"
REJECTED_RATIONALE = "Demo: a duplicate of an existing entry."


@transaction.atomic
def load() -> None:
    services.sync_catalogue()
    researcher = User.objects.filter(email=f"researcher@open-red-team.{DOMAIN}").first()
    coordinator = User.objects.filter(email=f"coordinator@coordination-centre.{DOMAIN}").first()
    if researcher is None or coordinator is None:
        return  # the registry demo makes these people; without them there is nobody to propose
    with acting_as(researcher):
        if not CueProposal.objects.filter(kind="new", fields__name=OPEN_NAME).exists():
            services.propose(researcher, "new", {
                "name": OPEN_NAME, "category": "fraud_scams",
                "description": "The model's voice cloning or real-time voice conversion is used to impersonate a "
                               "family member in distress and pressure the victim into an urgent payment.",
                "threat_actors": ["organised_crime", "lone_actor"], "harm_tiers": ["serious"],
                "atlas": ["AML.T0048"], "avid": ["E0402"], "owasp": ["LLM09:2025"], "aiid": ["MIT:4.3"],
            }, rationale="Seen repeatedly in public incident reports; narrower than the general fraud entries.")
        if not CueProposal.objects.filter(rationale=REJECTED_RATIONALE).exists():
            target = CueEntry.objects.order_by("cue_id").first()
            proposal = services.propose(researcher, "edit", {"name": target.name + " (alternative wording)"},
                                        target=target, rationale=REJECTED_RATIONALE)
            with acting_as(coordinator):
                services.reject(coordinator, proposal, "The current name is the one used across the catalogue; "
                                                       "renaming would break references.")

"""API: CUE entries (list, detail with versions) and proposals (list, create, decide)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404
from ninja import Router, Schema, Status
from ninja.pagination import paginate
from pydantic import ConfigDict, Field

from redline.accounts.api_auth import caller, require_write
from redline.core.errors import InvalidInput
from redline.enumeration import serializers, services
from redline.enumeration.links import linked_records
from redline.enumeration.models import CueEntry, CueProposal, ProposalState
from redline.http.pagination import Page
from redline.http.params import RecordId

router = Router(tags=["cue"])


class DocSchema(Schema):
    model_config = ConfigDict(use_attribute_docstrings=True)


class CueEntryOut(DocSchema):
    id: str
    """Stable ID, e.g. ``CUE-0001``."""
    name: str
    category: str
    category_label: str
    status: str
    """active or deprecated."""
    version: int
    url: str


class CueCodeOut(DocSchema):
    id: str
    description: str


class CueMappingOut(DocSchema):
    id: str
    name: str = ""
    url: str


class CueMappingsOut(DocSchema):
    atlas: list[CueMappingOut]
    """MITRE ATLAS technique IDs."""
    avid: list[CueMappingOut]
    """AVID SEP codes."""
    owasp: list[CueMappingOut]
    """OWASP Top 10 for LLM Applications (2025) IDs."""
    aiid: list[CueMappingOut]
    """AI Incident Database taxonomy codes (MIT risk subdomains, ``MIT:4.2``)."""


class CueChangeOut(DocSchema):
    field: str
    before: str | list[str] | None
    after: str | list[str] | None


class CueVersionOut(DocSchema):
    version: int
    created_at: str | None
    reason: str
    snapshot: dict
    changes: list[CueChangeOut]
    """What changed from the version before (empty for the first)."""


class CueLinkedOut(DocSchema):
    title: str
    url: str
    kind: str


class CueEntryDetailOut(CueEntryOut):
    description: str
    threat_actors: list[CueCodeOut]
    harm_tiers: list[CueCodeOut]
    mappings: CueMappingsOut
    catalogue_version: str
    updated_at: str | None
    versions: list[CueVersionOut]
    """Every version, newest first."""
    linked_records: list[CueLinkedOut]
    """Reports, incidents and red lines pointing at the entry that the caller may see."""


class CueProposalIn(DocSchema):
    kind: str = Field(pattern="^(new|edit)$")
    """``new`` for a new entry, ``edit`` for a change to ``target``."""
    target: str | None = None
    """The entry an edit changes, e.g. ``CUE-0007``."""
    fields: dict
    """Entry fields: name, category, description, threat_actors, harm_tiers, atlas, avid, owasp, aiid
    (an edit may give a subset)."""
    rationale: str = ""


class CueProposalOut(DocSchema):
    id: int
    kind: str
    target: str | None
    fields: dict
    rationale: str
    state: str
    """open, accepted or rejected."""
    proposer: str | None
    decided_by: str | None
    decision_reason: str
    result: str | None
    """The entry created or changed by an accepted proposal."""
    created_at: str | None
    decided_at: str | None
    url: str


class CueDecisionIn(DocSchema):
    decision: str = Field(pattern="^(accept|reject)$")
    reason: str = ""
    """Required when rejecting."""


@router.get("/cue", response=list[CueEntryOut], summary="List CUE entries")
@paginate(Page)
def list_entries(request, category: str | None = None, q: str | None = None):
    return [serializers.entry_summary(e) for e in services.search_entries(q or "", category or "")]


@router.get("/cue/{cue_id}", response=CueEntryDetailOut, summary="One CUE entry with its versions")
def get_entry(request, cue_id: str):
    entry = get_object_or_404(CueEntry, cue_id=cue_id)
    return serializers.entry_detail(entry, linked_records(entry, caller(request)))


@router.get("/cue-proposals", response=list[CueProposalOut], summary="List CUE proposals")
@paginate(Page)
def list_proposals(request, state: str | None = None):
    proposals = CueProposal.objects.select_related("proposer", "decided_by")
    if state:
        if state not in ProposalState.values:
            raise InvalidInput("state", "must be open, accepted or rejected")
        proposals = proposals.filter(state=state)
    return [serializers.proposal_dict(p, caller(request)) for p in proposals]


@router.post("/cue-proposals", response={201: CueProposalOut}, summary="Propose a new CUE entry or an edit")
def create_proposal(request, payload: CueProposalIn):
    user = require_write(request)
    target = get_object_or_404(CueEntry, cue_id=payload.target) if payload.target else None
    proposal = services.propose(user, payload.kind, payload.fields, target=target, rationale=payload.rationale)
    return Status(201, serializers.proposal_dict(proposal, user))


@router.post("/cue-proposals/{proposal_id}/decision", response=CueProposalOut,
             summary="Accept or reject a proposal (maintainers)")
def decide_proposal(request, proposal_id: RecordId, payload: CueDecisionIn):
    user = require_write(request)
    proposal = get_object_or_404(CueProposal, pk=proposal_id)
    if payload.decision == "accept":
        services.accept(user, proposal, payload.reason)
    else:
        services.reject(user, proposal, payload.reason)
    proposal.refresh_from_db()
    return serializers.proposal_dict(proposal, user)

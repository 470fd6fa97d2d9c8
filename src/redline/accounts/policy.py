"""The one place that decides permissions: ``can(user, action, obj)``.

An object's facts are its owning organisation, its visibility (public, org-only,
restricted) and, when restricted, the organisation kinds in its audience.
Operators (staff) may do everything; everyone else is judged by their role in the
owning organisation and, for restricted objects, their organisations' kinds.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from django.db.models import Q

from redline.accounts.models import Organisation, Role, Visibility


class Action(str, Enum):
    VIEW = "view"
    CREATE = "create"  # add a child object (e.g. a model) inside the organisation
    UPDATE = "update"
    TRIAGE = "triage"
    DELETE = "delete"
    MANAGE_MEMBERS = "manage_members"
    MANAGE_WEBHOOKS = "manage_webhooks"


#: Minimum role in the owning organisation for each action other than VIEW.
MIN_ROLE = {
    Action.CREATE: Role.MEMBER,
    Action.UPDATE: Role.MEMBER,
    Action.TRIAGE: Role.TRIAGER,
    Action.DELETE: Role.ADMIN,
    Action.MANAGE_MEMBERS: Role.ADMIN,
    Action.MANAGE_WEBHOOKS: Role.ADMIN,
}
ROLE_RANK = {Role.MEMBER: 0, Role.TRIAGER: 1, Role.ADMIN: 2}

#: Platform-wide action with no owning object: accept or reject CUE proposals. Kept out of
#: :class:`Action` (whose members are all judged per object) and answered by :func:`can_maintain_cue`.
MAINTAIN_CUE = "maintain_cue"


@dataclass(frozen=True)
class Facts:
    owner: Organisation | None
    visibility: str
    audiences: tuple[str, ...]


def facts_of(obj: object) -> Facts:
    """Owner, visibility and audience of ``obj``; children inherit from their parent."""
    if isinstance(obj, Organisation):
        return Facts(obj, Visibility.PUBLIC, ())
    parent = getattr(obj, "policy_parent", None)
    if parent is not None:
        return facts_of(parent() if callable(parent) else parent)
    if hasattr(obj, "model") and not hasattr(obj, "visibility"):
        return facts_of(obj.model)
    return Facts(getattr(obj, "organisation", None), getattr(obj, "visibility", Visibility.PUBLIC),
                 tuple(getattr(obj, "audiences", ()) or ()))


def role_in(user, org: Organisation | None) -> str | None:
    """The user's role in ``org``, or None (anonymous users and non-members)."""
    if org is None or not getattr(user, "is_authenticated", False):
        return None
    cache = getattr(user, "_redline_roles", None)
    if cache is None:
        cache = {m.organisation_id: m.role for m in user.memberships.all()}
        user._redline_roles = cache
    return cache.get(org.pk)


def org_kinds(user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_redline_kinds", None)
    if cache is None:
        cache = set(user.memberships.values_list("organisation__kind", flat=True))
        user._redline_kinds = cache
    return cache


def can(user, action: Action | str, obj: object) -> bool:
    """True when ``user`` may perform ``action`` on ``obj``."""
    if action == MAINTAIN_CUE:
        return can_maintain_cue(user)
    action = Action(action)
    if getattr(user, "is_active", False) and getattr(user, "is_staff", False):
        return True
    facts = facts_of(obj)
    role = role_in(user, facts.owner)
    if action is Action.VIEW:
        if facts.visibility == Visibility.PUBLIC:
            return True
        if role is not None:
            return True
        if facts.visibility == Visibility.RESTRICTED:
            return bool(org_kinds(user) & set(facts.audiences))
        return False
    if role is None:
        return False
    return ROLE_RANK[Role(role)] >= ROLE_RANK[MIN_ROLE[action]]


def can_maintain_cue(user) -> bool:
    """CUE maintainers: platform operators and members (any role) of a coordinator organisation."""
    if not getattr(user, "is_active", False):
        return False
    if getattr(user, "is_staff", False):
        return True
    return "coordinator" in org_kinds(user)


def require(user, action: Action | str, obj: object, what: str) -> None:
    """Raise PermissionDenied ("you may not <action> <what>") unless ``can(user, action, obj)``."""
    from redline.core.errors import PermissionDenied

    action = Action(action)
    if not can(user, action, obj):
        raise PermissionDenied(f"you may not {action.value.replace('_', ' ')} {what}")


def visible_filter(user, prefix: str = "") -> Q:
    """A queryset filter equal to ``can(user, VIEW, obj)`` for objects with org/visibility/audiences.

    ``prefix`` reaches the object holding those fields, e.g. ``"model__"`` for deployments.
    """
    if getattr(user, "is_active", False) and getattr(user, "is_staff", False):
        return Q()
    q = Q(**{f"{prefix}visibility": Visibility.PUBLIC})
    if getattr(user, "is_authenticated", False):
        org_ids = list(user.memberships.values_list("organisation_id", flat=True))
        q |= Q(**{f"{prefix}organisation_id__in": org_ids})
        for kind in org_kinds(user):
            q |= Q(**{f"{prefix}visibility": Visibility.RESTRICTED, f"{prefix}audiences__icontains": f'"{kind}"'})
    return q


# --- coordinated disclosure -------------------------------------------------------
# Who may see and act on a disclosure report.  The relations are: a vendor on the
# case (acts on its own participation only), another vendor (sees nothing of an
# unpublished case), a coordinator (sees and acts on the whole case), an
# adjudicator (sees reports under dispute), the reporter (by account or follow-up
# token) and the anonymous public (published advisories only).


def is_coordinator(user) -> bool:
    """Operators and members of a coordinator organisation run every case."""
    if getattr(user, "is_active", False) and getattr(user, "is_staff", False):
        return True
    return "coordinator" in org_kinds(user)


def is_adjudicator(user) -> bool:
    return "adjudicator" in org_kinds(user)


def _member_org_ids(user) -> set[int]:
    if not getattr(user, "is_authenticated", False):
        return set()
    cache = getattr(user, "_redline_roles", None)
    if cache is None:
        cache = {m.organisation_id: m.role for m in user.memberships.all()}
        user._redline_roles = cache
    return set(cache)


def is_reporter(user, report) -> bool:
    return bool(getattr(user, "is_authenticated", False) and report.reporter_id and report.reporter_id == user.pk)


def report_vendor_ids(user, report) -> set[int]:
    """The vendor organisations on ``report``'s case that ``user`` belongs to (never for a CSAM-path report)."""
    if report.csam_path:
        return set()
    case = getattr(report, "case", None)
    if case is None:
        return set()
    vendors = {p.vendor_id for p in case.participants.all()}
    return vendors & _member_org_ids(user)


def can_view_report(user, report, *, token_ok: bool = False) -> bool:
    """The whole (unredacted) report: coordinators, the reporter, vendors on the case, adjudicators of a dispute."""
    if is_coordinator(user) or token_ok or is_reporter(user, report):
        return True
    if report.csam_path:
        return False
    if report_vendor_ids(user, report):
        return True
    return is_adjudicator(user) and report.disputes.exists()


def can_act_on_participation(user, participant, action: Action | str = Action.TRIAGE) -> bool:
    """A vendor's triagers (admins for DELETE-level actions) act on its own participation; coordinators on any."""
    if is_coordinator(user):
        return True
    if participant.case.report.csam_path:
        return False
    role = role_in(user, participant.vendor)
    return role is not None and ROLE_RANK[Role(role)] >= ROLE_RANK[MIN_ROLE[Action(action)]]


def can_act_on_case(user, report) -> bool:
    """Case-wide moves (embargo, public flags, publication): coordinators, or a triager of a vendor on the case."""
    if is_coordinator(user):
        return True
    case = getattr(report, "case", None)
    if case is None or report.csam_path:
        return False
    return any(can_act_on_participation(user, p) for p in case.participants.all())


def can_view_attachment(user, attachment, *, token_ok: bool = False) -> bool:
    """Public evidence: whoever sees the report; restricted: not adjudicators; sensitive: coordinators and reporter."""
    report = attachment.report
    if attachment.sensitivity == "sensitive":
        return is_coordinator(user) or token_ok or is_reporter(user, report)
    if attachment.sensitivity == "restricted":
        return is_coordinator(user) or token_ok or is_reporter(user, report) or bool(report_vendor_ids(user, report))
    return can_view_report(user, attachment.report, token_ok=token_ok)


def can_view_message(user, message, *, token_ok: bool = False) -> bool:
    """Internal notes never reach the reporter; a vendor's messages never reach another vendor."""
    report = message.report
    if is_coordinator(user):
        return True
    mine = report_vendor_ids(user, report)
    if message.vendor_id is not None and message.vendor_id not in mine and mine:
        return False
    if message.audience == "internal":
        return bool(mine) and (message.vendor_id is None or message.vendor_id in mine)
    return token_ok or is_reporter(user, report) or bool(mine)


def can_view_dispute(user, dispute, *, token_ok: bool = False) -> bool:
    """A dispute stays between the parties: the reporter, the vendor disputed, coordinators and adjudicators.

    Another vendor on the same case sees nothing of it (the published decision is public on the advisory).
    """
    if is_coordinator(user) or is_adjudicator(user) or token_ok or is_reporter(user, dispute.report):
        return True
    return not dispute.report.csam_path and dispute.vendor_id in _member_org_ids(user)


def disputes_visible_filter(user) -> Q:
    """A filter on disputes equal to :func:`can_view_dispute` without a token."""
    if is_coordinator(user) or is_adjudicator(user):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return Q(report__reporter_id=user.pk) | (Q(report__csam_path=False) & Q(vendor_id__in=_member_org_ids(user)))


def participants_visible_filter(user) -> Q:
    """A filter on disclosure participations equal to ``serializers.visible_participants`` without a token:
    coordinators and the reporter see every vendor on a case, a vendor its own participation only."""
    if is_coordinator(user):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    return Q(case__report__reporter_id=user.pk) | (Q(case__report__csam_path=False)
                                                   & Q(vendor_id__in=_member_org_ids(user)))


def can_decide_dispute(user, dispute) -> bool:
    return is_adjudicator(user) or bool(getattr(user, "is_staff", False) and getattr(user, "is_active", False))


def can_appeal_dispute(user, dispute, *, token_ok: bool = False) -> bool:
    """The reporter appeals a decision (once); an adjudicator may record an appeal sent another way."""
    return token_ok or is_reporter(user, dispute.report) or can_decide_dispute(user, dispute)


def can_withdraw_dispute(user, dispute, *, token_ok: bool = False) -> bool:
    """Only the reporter who filed a dispute withdraws it."""
    return token_ok or is_reporter(user, dispute.report)


def can_answer_dispute(user, dispute) -> bool:
    role = role_in(user, dispute.vendor)
    return is_coordinator(user) or (role is not None and ROLE_RANK[Role(role)] >= ROLE_RANK[Role.TRIAGER])


def reports_visible_filter(user) -> Q:
    """A filter on disclosure reports equal to :func:`can_view_report` without a token."""
    if is_coordinator(user):
        return Q()
    if not getattr(user, "is_authenticated", False):
        return Q(pk__in=[])
    q = Q(reporter_id=user.pk) | (Q(csam_path=False) & Q(case__participants__vendor_id__in=_member_org_ids(user)))
    if is_adjudicator(user):
        q |= Q(csam_path=False) & Q(disputes__isnull=False)
    return q

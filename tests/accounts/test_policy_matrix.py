"""The permission matrix: every subject × organisation relation × visibility × action, generated.

The expected answer comes from the table below (the policy as written in
docs/security.md), not from the code under test. The same matrix is checked
against ``can()``, against the list filter, and over HTTP for viewing and editing.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import pytest
from django.test import Client

from redline.accounts.models import Visibility
from redline.accounts.policy import Action, can, visible_filter
from redline.registry.models import AIModel

# --- the specification ------------------------------------------------------------------------

#: The least role in the owning organisation that may perform each action (VIEW is by visibility).
LEAST_ROLE = {
    Action.CREATE: "member",
    Action.UPDATE: "member",
    Action.TRIAGE: "triager",
    Action.DELETE: "admin",
    Action.MANAGE_MEMBERS: "admin",
    Action.MANAGE_WEBHOOKS: "admin",
}
ROLE_ORDER = ["member", "triager", "admin"]


@dataclass(frozen=True)
class Subject:
    relation: str  # own, other, none, anonymous, operator
    role: str | None  # role in its organisation
    org_kind: str | None  # kind of the subject's organisation (for restricted audiences)

    @property
    def label(self) -> str:
        return f"{self.relation}-{self.role or 'x'}-{self.org_kind or 'x'}"


SUBJECTS = (
    [Subject("own", r, "developer") for r in ROLE_ORDER]
    + [Subject("other", r, kind) for r in ROLE_ORDER for kind in ("developer", "regulator", "reviewer")]
    + [Subject("none", None, None), Subject("anonymous", None, None), Subject("operator", None, None)]
)
VISIBILITIES = [Visibility.PUBLIC, Visibility.ORG, Visibility.RESTRICTED]
AUDIENCE = ["regulator"]  # restricted objects in the matrix are readable by regulators


def expected(subject: Subject, visibility: str, action: Action) -> bool:
    if subject.relation == "operator":
        return True
    if action is Action.VIEW:
        if visibility == Visibility.PUBLIC:
            return True
        if subject.relation == "own":
            return True
        return visibility == Visibility.RESTRICTED and subject.org_kind in AUDIENCE
    if subject.relation != "own":
        return False
    return ROLE_ORDER.index(subject.role) >= ROLE_ORDER.index(LEAST_ROLE[action])


# --- the world the matrix runs in ---------------------------------------------------------------


@pytest.fixture
def world(make_org, make_user, make_model):
    from redline.accounts.models import User
    from redline.registry.services import add_deployment, add_scope_statement

    owner = make_org("developer", slug="owner")
    other_orgs = {kind: make_org(kind, slug=f"other-{kind}") for kind in ("developer", "regulator", "reviewer")}
    users = {}
    for subject in SUBJECTS:
        if subject.relation == "own":
            users[subject] = make_user(owner, subject.role)
        elif subject.relation == "other":
            users[subject] = make_user(other_orgs[subject.org_kind], subject.role)
        elif subject.relation == "none":
            users[subject] = make_user()
        elif subject.relation == "operator":
            users[subject] = User.objects.create_user(email="op@example.org", password="x" * 12, is_staff=True)
        else:
            from django.contrib.auth.models import AnonymousUser

            users[subject] = AnonymousUser()
    objects = {}
    for visibility in VISIBILITIES:
        model = make_model(owner, name=f"M {visibility}", visibility=visibility,
                           audiences=AUDIENCE if visibility == Visibility.RESTRICTED else [])
        op = users[Subject("operator", None, None)]
        objects[(visibility, "model")] = model
        objects[(visibility, "scope")] = add_scope_statement(op, model, intended_use="x")
        objects[(visibility, "deployment")] = add_deployment(op, model, mode="hosted_api")
    return {"owner": owner, "users": users, "objects": objects}


CASES = list(itertools.product(SUBJECTS, VISIBILITIES, ["model", "scope", "deployment"], list(Action)))


def test_matrix_covers_every_combination():
    assert len(CASES) == len(SUBJECTS) * 3 * 3 * len(Action)
    relations = {s.relation for s in SUBJECTS}
    assert relations == {"own", "other", "none", "anonymous", "operator"}


@pytest.mark.django_db
def test_can_matches_the_specification(world):
    wrong = []
    for subject, visibility, kind, action in CASES:
        user = world["users"][subject]
        obj = world["objects"][(visibility, kind)]
        got = can(user, action, obj)
        if got != expected(subject, visibility, action):
            wrong.append(f"{subject.label} {visibility} {kind} {action.value}: got {got}")
    assert wrong == []


@pytest.mark.django_db
def test_organisation_actions_follow_roles(world):
    owner = world["owner"]
    for subject in SUBJECTS:
        for action in Action:
            assert can(world["users"][subject], action, owner) == expected(subject, Visibility.PUBLIC, action), (
                subject.label, action)


@pytest.mark.django_db
def test_list_filter_agrees_with_can(world):
    for subject in SUBJECTS:
        user = world["users"][subject]
        listed = set(AIModel.objects.filter(visible_filter(user)).values_list("pk", flat=True))
        allowed = {m.pk for m in AIModel.objects.all() if can(user, Action.VIEW, m)}
        assert listed == allowed, subject.label


@pytest.mark.django_db
@pytest.mark.parametrize("subject", SUBJECTS, ids=lambda s: s.label)
def test_pages_and_api_enforce_the_matrix(world, subject):
    client = Client()
    user = world["users"][subject]
    if getattr(user, "is_authenticated", False):
        client.force_login(user)
    for visibility in VISIBILITIES:
        model = world["objects"][(visibility, "model")]
        base = f"/models/{model.organisation.slug}/{model.slug}"
        may_view = expected(subject, visibility, Action.VIEW)
        for url in (base + "/", base + ".json", f"/api/models/{model.organisation.slug}/{model.slug}"):
            status = client.get(url).status_code
            assert status == (200 if may_view else 404), (url, subject.label, status)
        listed = {r["id"] for r in client.get("/models.json").json()["results"]}
        assert (model.full_slug in listed) == may_view
        edit = client.get(base + "/edit/")
        if expected(subject, visibility, Action.UPDATE):
            assert edit.status_code == 200
        elif not getattr(user, "is_authenticated", False):
            assert edit.status_code == 302 and "/accounts/login/" in edit["Location"]
        else:
            assert edit.status_code in (403, 404)
            assert edit.status_code == (403 if may_view else 404)


@pytest.mark.django_db
def test_ledger_entries_follow_the_view_column(world):
    """Indirect path (issue 11): the public ledger shows an entry's action and object only to a viewer
    of that object, exactly as the VIEW column says; everyone else gets its hashes and place only."""
    from redline.ledger import visibility
    from redline.ledger.models import LedgerEntry

    labels = {"model": "registry.aimodel", "scope": "registry.scopestatement", "deployment": "registry.deployment"}
    wrong = []
    for subject in SUBJECTS:
        user = world["users"][subject]
        for (vis, kind), obj in world["objects"].items():
            entries = list(LedgerEntry.objects.filter(object_type=labels[kind], object_id=str(obj.pk)))
            assert entries
            shown = visibility.shown_in_full(user, entries) == {e.seq for e in entries}
            if shown != expected(subject, vis, Action.VIEW):
                wrong.append(f"{subject.label} {vis} {kind}: shown={shown}")
    assert wrong == []


@pytest.mark.django_db
@pytest.mark.parametrize("subject", SUBJECTS, ids=lambda s: s.label)
def test_ledger_page_and_twin_never_name_hidden_models(world, subject):
    client = Client()
    user = world["users"][subject]
    if getattr(user, "is_authenticated", False):
        client.force_login(user)
    data = client.get("/ledger.json").json()
    model_ids = {str(m.pk): vis for (vis, kind), m in world["objects"].items() if kind == "model"}
    from redline.ledger.models import LedgerEntry

    for row in data["entries"]:
        entry = LedgerEntry.objects.get(seq=row["seq"])
        if entry.object_type == "registry.aimodel" and entry.object_id in model_ids:
            assert (row["object_type"] is not None) == expected(subject, model_ids[entry.object_id], Action.VIEW)

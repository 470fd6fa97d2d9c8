"""Documents test helpers: a small world of organisations and people, and a released document.

The released document has one public section and one section for each restricted audience, each
carrying a marker string that must reach exactly that audience.
"""

import pytest

#: section key → (audiences, named organisations, marker in its body)
RESTRICTED = {
    "regulators": (["regulators"], [], "MARKER-REGULATORS-7f3a"),
    "reviewers": (["reviewers"], [], "MARKER-REVIEWERS-91c2"),
    "developers": (["developers"], [], "MARKER-DEVELOPERS-5d0e"),
    "named": (["named"], ["beta"], "MARKER-NAMED-BETA-4b8d"),
    "internal": (["internal"], [], "MARKER-INTERNAL-c6a1"),
}
PUBLIC_MARKER = "PUBLIC-TEXT-2e9f"
CHECKLIST = {"cbrn_cyber_uplift": False, "exploit_steps": False, "personal_data": False, "model_theft_aid": False}


def sections():
    from redline.core.documents import Readership, Restriction, Section

    out = [Section("summary", "Summary", f"What we found. {PUBLIC_MARKER}")]
    for key, (audiences, orgs, marker) in RESTRICTED.items():
        out.append(Section(key, f"For {key}", f"Detail for {key}: {marker}",
                           Readership.of(*audiences, organisations=orgs),
                           Restriction("exploit_detail", "working steps")))
    return out


@pytest.fixture
def docs_world(make_org, make_user, make_model):
    dev = make_org("developer", name="Acme AI", slug="acme")
    beta = make_org("developer", name="Beta Labs", slug="beta")
    gamma = make_org("developer", name="Gamma", slug="gamma")
    rev = make_org("reviewer", name="Review Board", slug="rev")
    reg = make_org("regulator", name="Regulator", slug="reg")
    research = make_org("research", name="Red Team", slug="redteam")
    coord = make_org("coordinator", name="Coordination", slug="coord")
    w = {"dev": dev, "beta_org": beta, "gamma_org": gamma, "rev_org": rev, "reg_org": reg, "research_org": research,
         "coord_org": coord,
         "author": make_user(dev, "member", email="author@acme.test"),
         "triager": make_user(dev, "triager", email="triager@acme.test"),
         "admin": make_user(dev, "admin", email="admin@acme.test"),
         "beta": make_user(beta, "member", email="m@beta.test"),
         "gamma": make_user(gamma, "member", email="m@gamma.test"),
         "reviewer": make_user(rev, "member", email="r@rev.test"),
         "auditor": make_user(reg, "member", email="a@reg.test"),
         "researcher": make_user(research, "member", email="x@redteam.test"),
         "coordinator": make_user(coord, "triager", email="c@coord.test"),
         "outsider": make_user(None, email="outsider@example.test")}
    w["model"] = make_model(dev, name="Acme 7B", slug="acme-7b")
    return w


@pytest.fixture
def released_doc(docs_world):
    """A capability report with a section per audience, reviewed by the triager and published."""
    from redline.documents import services

    w = docs_world
    doc = services.create_document(w["dev"], w["author"], "capability_report", "Acme 7B capability report",
                                   sections(), model=w["model"])
    review = services.request_review(services.latest_version(doc), w["author"])
    services.decide(review, w["triager"], checklist=CHECKLIST, decision="publish")
    doc.refresh_from_db()
    return doc

"""The information-hazard review: who may review, the checklist, the three decisions, release."""

import pytest

from redline.core.documents import (
    REVIEW_MACHINE,
    Claim,
    HazardChecklist,
    Readership,
    Restriction,
    Reviewer,
    ReviewState,
    SectionRestriction,
    decide,
    is_released,
    open_review,
    require_released,
    return_to_author,
    revise,
    submit,
)
from redline.core.documents.document import Section
from redline.core.errors import IllegalTransition, InvalidInput, PermissionDenied

CLEAN = HazardChecklist(cbrn_cyber_uplift=False, exploit_steps=False, personal_data=False, model_theft_aid=False)
UPLIFT = HazardChecklist(cbrn_cyber_uplift=True, exploit_steps=False, personal_data=False, model_theft_aid=False)
TRIAGER = Reviewer("bob", "triager")


@pytest.fixture
def in_review(version):
    return submit(open_review(version), version)


def test_the_machine_is_the_documented_table():
    assert list(REVIEW_MACHINE.rows()) == [
        ("draft", "submit", "in_review"), ("in_review", "return", "draft"),
        ("in_review", "publish", "released"), ("in_review", "restrict", "restricted_release"),
        ("in_review", "withhold", "withheld")]
    assert REVIEW_MACHINE.reachable() == set(ReviewState)


def test_publish_releases_exactly_the_reviewed_version(version, in_review):
    review, released = decide(in_review, version, reviewer=TRIAGER, checklist=CLEAN, decision="publish")
    assert review.state is ReviewState.RELEASED and released is version
    require_released(version, review)
    assert review.as_dict()["reviewer"] == {"id": "bob", "role": "triager"}
    assert not is_released(revise(version, author="alice"), review)


def test_the_author_may_not_review(version, in_review):
    with pytest.raises(PermissionDenied, match="author may not review"):
        decide(in_review, version, reviewer=Reviewer("alice", "admin"), checklist=CLEAN, decision="publish")


def test_an_independent_review_needs_an_independent_reviewer(version):
    review = submit(open_review(version, independent=True), version)
    with pytest.raises(PermissionDenied, match="independent reviewer"):
        decide(review, version, reviewer=TRIAGER, checklist=CLEAN, decision="publish")
    done, _ = decide(review, version, reviewer=Reviewer("carol", "independent"), checklist=CLEAN,
                     decision="publish")
    assert done.state is ReviewState.RELEASED


def test_members_without_a_review_role_cannot_review():
    with pytest.raises(InvalidInput, match="'member' may not review"):
        Reviewer("dave", "member")


def test_a_hazard_in_the_public_parts_blocks_publishing(version, in_review):
    with pytest.raises(InvalidInput, match="found cbrn_cyber_uplift in the public parts"):
        decide(in_review, version, reviewer=TRIAGER, checklist=UPLIFT, decision="publish")


def test_restrict_makes_a_new_reviewed_version_with_the_reasons(version, in_review):
    restriction = SectionRestriction("summary", Readership.of("regulators"), Restriction("capability_uplift"))
    review, released = decide(in_review, version, reviewer=TRIAGER, checklist=UPLIFT, decision="restrict",
                              restrictions=[restriction], rationale="the summary names a precursor")
    assert review.state is ReviewState.RESTRICTED_RELEASE
    assert released.number == version.number + 1 and released.author == "bob"
    assert released.section("summary").readership == Readership.of("regulators")
    require_released(released, review)
    with pytest.raises(PermissionDenied, match="not the version its review released"):
        require_released(version, review)


@pytest.mark.parametrize("restrictions, rationale, message", [
    ([], "why", "name at least one section"),
    ([SectionRestriction("nope", Readership.of("regulators"), Restriction("legal"))], "why", "no section 'nope'"),
    ([SectionRestriction("summary", Readership.of("regulators"), Restriction("legal"))], "", "say why these"),
])
def test_restrict_needs_sections_that_exist_and_a_rationale(version, in_review, restrictions, rationale, message):
    with pytest.raises(InvalidInput, match=message):
        decide(in_review, version, reviewer=TRIAGER, checklist=UPLIFT, decision="restrict",
               restrictions=restrictions, rationale=rationale)


def test_a_restriction_must_narrow_the_audience():
    with pytest.raises(InvalidInput, match="narrow the audience"):
        SectionRestriction("summary", Readership(), Restriction("legal"))


def test_withhold_releases_nothing_and_needs_a_rationale(version, in_review):
    with pytest.raises(InvalidInput, match="say why the document is withheld"):
        decide(in_review, version, reviewer=TRIAGER, checklist=UPLIFT, decision="withhold")
    review, released = decide(in_review, version, reviewer=TRIAGER, checklist=UPLIFT, decision="withhold",
                              rationale="the whole report is uplift")
    assert review.state is ReviewState.WITHHELD and released is None
    with pytest.raises(PermissionDenied, match="version 1 is withheld"):
        require_released(version, review)


def test_only_reviewed_versions_are_released(version, in_review):
    with pytest.raises(PermissionDenied, match="unreviewed"):
        require_released(version, None)
    with pytest.raises(PermissionDenied, match="in_review"):
        require_released(version, in_review)


def test_a_decision_needs_the_version_in_review(version):
    draft = open_review(version)
    with pytest.raises(IllegalTransition, match="cannot 'publish' from state 'draft'"):
        decide(draft, version, reviewer=TRIAGER, checklist=CLEAN, decision="publish")
    with pytest.raises(InvalidInput, match="choose publish, restrict or withhold"):
        decide(draft, version, reviewer=TRIAGER, checklist=CLEAN, decision="approve")


def test_a_changed_version_needs_its_own_review(version, in_review):
    changed = revise(version, author="alice")
    with pytest.raises(InvalidInput, match="a changed version needs its own review"):
        decide(in_review, changed, reviewer=TRIAGER, checklist=CLEAN, decision="publish")


def test_return_to_author_and_resubmit(version, in_review):
    back = return_to_author(in_review, reviewer=TRIAGER, rationale="cite the evaluation")
    assert back.state is ReviewState.DRAFT
    assert submit(back, version).state is ReviewState.IN_REVIEW
    with pytest.raises(InvalidInput, match="what the author should change"):
        return_to_author(in_review, reviewer=TRIAGER, rationale="")


def test_unsupported_claims_block_release(make_version):
    claim = Claim("4.1", "We measure bio uplift", "done")
    version = make_version(sections=(Section("s", "S", "text", claims=(claim,)),))
    review = submit(open_review(version), version)
    with pytest.raises(InvalidInput, match="claim on '4.1' is stated done without evidence"):
        decide(review, version, reviewer=TRIAGER, checklist=CLEAN, decision="publish")


def test_every_checklist_answer_is_yes_or_no():
    with pytest.raises(InvalidInput, match="checklist.personal_data: answer yes or no"):
        HazardChecklist(cbrn_cyber_uplift=False, exploit_steps=False, personal_data=None, model_theft_aid=False)

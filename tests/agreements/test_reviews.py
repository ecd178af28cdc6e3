"""Reviews: an analyst confirms or changes each screened status; changes need a rationale; history is kept."""

from __future__ import annotations

import pytest

from grmg.agreements import services
from grmg.agreements.models import Finding, Review, Screening
from tests.agreements.conftest import upload


@pytest.fixture
def screened_agreement(kenya, register):
    agreement = register(kenya, "SAU")
    services.add_document(agreement, upload())
    return agreement


def test_it_confirms_a_screened_status_without_a_rationale(screened_agreement, focal):
    screened = services.screened(screened_agreement)["standard_contract"]
    review = services.review_provision(screened_agreement, "standard_contract", screened.status, "", focal)
    assert (review.status, review.screened_status, review.changed, review.reviewed_by) == (
        screened.status, screened.status, False, focal)


def test_it_needs_a_rationale_to_change_a_screened_status(screened_agreement, focal):
    screened = services.screened(screened_agreement)["transparency"].status
    other = "contrary" if screened != "contrary" else "present"
    with pytest.raises(services.AgreementError, match="say why you change the screened status"):
        services.review_provision(screened_agreement, "transparency", other, "  ", focal)
    review = services.review_provision(screened_agreement, "transparency", other, "Article 9 keeps it secret.", focal)
    assert (review.status, review.screened_status, review.changed) == (other, screened, True)


def test_it_refuses_an_unknown_provision_or_status(screened_agreement):
    with pytest.raises(services.AgreementError, match="not a provision of the checklist"):
        services.review_provision(screened_agreement, "free_lunch", "present", "x")
    with pytest.raises(services.AgreementError, match="unknown status"):
        services.review_provision(screened_agreement, "standard_contract", "maybe", "x")
    assert not Review.objects.exists()


def test_it_keeps_every_version_of_a_review_with_who_made_it(screened_agreement, focal, assessor):
    screened = services.screened(screened_agreement)["joint_committee"].status
    services.review_provision(screened_agreement, "joint_committee", screened, "", focal)
    services.review_provision(screened_agreement, "joint_committee", "partial", "It meets only if both agree.",
                              assessor)
    history = services.review_history(screened_agreement, "joint_committee")
    assert [(h.status, h.history_user) for h in history] == [("partial", assessor), (screened, focal)]
    assert Review.objects.get().rationale == "It meets only if both agree."


def test_it_combines_an_agreements_documents_contrary_first(kenya, register):
    agreement = register(kenya, "SAU")
    services.add_document(agreement, upload("mou.txt"))
    annex = services.add_document(agreement, upload("annex.txt", "Annex. The employer may keep the passport of "
                                                                 "the worker for safekeeping.\n"))
    annex_finding = Finding.objects.get(screening__document=annex, provision="document_retention_ban")
    mou_finding = Finding.objects.get(screening__document__name="mou.txt", provision="document_retention_ban")
    combined = services.screened(agreement)["document_retention_ban"]
    expected = max([annex_finding, mou_finding], key=lambda f: (services.PRECEDENCE[f.status], f.confidence))
    assert combined == expected
    assert Screening.objects.count() == 2


def test_it_combines_findings_contrary_first_then_the_strongest():
    def finding(status, confidence):
        return Finding(provision="p", status=status, confidence=confidence)
    absent, partial, present, contrary = (finding("absent", .9), finding("partial", .5), finding("present", .6),
                                          finding("contrary", .3))
    assert services.combine([absent, partial, present, contrary]) is contrary
    assert services.combine([absent, partial, present]) is present
    assert services.combine([absent, finding("absent", .95)]).confidence == .95
    assert services.combine([]) is None

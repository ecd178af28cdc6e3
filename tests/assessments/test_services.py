import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from grmg.assessments import services
from grmg.assessments.models import CriterionScore, Evidence, Status

PDF = b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"


def test_it_saves_a_score_and_keeps_its_history(government, focal):
    saved = services.save_score(government, "pb_cedaw_ratified", "yes", " ratified 1984 ", 0, focal)
    assert (saved.level, saved.rationale, saved.revision) == ("yes", "ratified 1984", 1)
    services.save_score(government, "pb_cedaw_ratified", "no", "reservation to art. 2", 1, focal)
    history = list(CriterionScore.objects.get(pk=saved.pk).history.order_by("history_date"))
    assert [(h.level, h.revision, h.history_user) for h in history] == [("yes", 1, focal), ("no", 2, focal)]


def test_it_refuses_to_overwrite_a_newer_version(government, focal, assessor):
    services.save_score(government, "pb_cedaw_ratified", "yes", "first", 0, focal)
    services.save_score(government, "pb_cedaw_ratified", "no", "second", 1, assessor)
    with pytest.raises(services.ScoreConflict) as conflict:
        services.save_score(government, "pb_cedaw_ratified", "yes", "stale edit", 1, focal)
    assert (conflict.value.current.level, conflict.value.current.updated_by) == ("no", assessor)
    assert CriterionScore.objects.get(criterion_id="pb_cedaw_ratified").rationale == "second"


def test_it_treats_a_second_first_save_as_a_conflict(government, focal, assessor):
    services.save_score(government, "pb_cedaw_ratified", "yes", "", 0, focal)
    with pytest.raises(services.ScoreConflict):
        services.save_score(government, "pb_cedaw_ratified", "no", "", 0, assessor)


def test_it_refuses_a_level_the_method_does_not_have(government):
    with pytest.raises(services.AssessmentError, match="'maybe' is not a level of pb_cedaw_ratified"):
        services.save_score(government, "pb_cedaw_ratified", "maybe", "", 0)


def test_it_refuses_an_unknown_criterion(government):
    with pytest.raises(services.AssessmentError, match=r"unknown criterion 'nope' in grmg@1\.0"):
        services.save_score(government, "nope", "yes", "", 0)


def test_it_walks_a_component_through_review_and_locks_it(government, focal):
    services.save_score(government, "pb_cedaw_ratified", "yes", "", 0, focal)
    for target in (Status.SUBMITTED, Status.REVIEWED, Status.VALIDATED):
        services.transition(government, "policy_baseline", target, focal)
    assert services.component_status(government, "policy_baseline") == Status.VALIDATED
    with pytest.raises(services.AssessmentError, match="must be returned to draft"):
        services.save_score(government, "pb_cedaw_ratified", "no", "", 1, focal)
    with pytest.raises(services.AssessmentError, match="cannot go from Validated to Submitted"):
        services.transition(government, "policy_baseline", Status.SUBMITTED, focal)
    services.transition(government, "policy_baseline", Status.DRAFT, focal, note="new law passed")
    services.save_score(government, "pb_cedaw_ratified", "no", "", 1, focal)


def test_it_stores_a_document_with_its_digest(government, focal):
    upload = SimpleUploadedFile("labour-code.pdf", PDF, content_type="application/pdf")
    evidence = services.add_evidence(government, "pb_cedaw_ratified", Evidence.Kind.DOCUMENT, "", upload=upload,
                                     user=focal)
    assert evidence.title == "labour-code.pdf" and evidence.size == len(PDF)
    assert evidence.sha256 == hashlib.sha256(PDF).hexdigest()
    assert evidence.file.read() == PDF


@pytest.mark.parametrize(("name", "content", "message"), [
    ("law.exe", b"MZ\x90\x00", "files of type .exe are not accepted"),
    ("law.pdf", b"<html>not a pdf</html>", "the content is not a .pdf file"),
    ("law.pdf", b"", "the file is empty"),
    ("notes.txt", b"\xff\xfe\x00\x00binary", "the content is not a .txt file"),
])
def test_it_refuses_uploads_of_the_wrong_type(government, name, content, message):
    upload = SimpleUploadedFile(name, content)
    with pytest.raises(services.AssessmentError, match=message):
        services.add_evidence(government, "pb_cedaw_ratified", Evidence.Kind.DOCUMENT, "", upload=upload)
    assert not Evidence.objects.exists()


def test_it_refuses_an_upload_over_the_limit(government, settings):
    settings.MAX_UPLOAD_BYTES = 1024
    upload = SimpleUploadedFile("big.pdf", PDF + b"0" * 2048)
    with pytest.raises(services.AssessmentError, match="over the limit of 0 MB"):
        services.add_evidence(government, "pb_cedaw_ratified", Evidence.Kind.DOCUMENT, "", upload=upload)


def test_it_counts_only_evidenced_scores_as_coverage(government, focal):
    services.save_score(government, "pb_cedaw_ratified", "yes", "", 0, focal)
    services.save_score(government, "pb_icmw_ratified", "no", "", 0, focal)
    services.add_evidence(government, "pb_icmw_ratified", Evidence.Kind.LINK, "", url="https://treaties.un.org/")
    services.add_evidence(government, "pb_ilo_ratified", Evidence.Kind.CITATION, "", citation="NORMLEX, 2025")
    card = services.scorecard(government)
    assert (card.coverage.scored, card.coverage.evidenced) == (2, 1)
    assert card.component("policy_baseline").score == 50  # yes = 100, no = 0; the evidence-only row is unscored


def test_it_refuses_a_link_without_a_scheme(government):
    with pytest.raises(services.AssessmentError, match="must start with http"):
        services.add_evidence(government, "pb_cedaw_ratified", Evidence.Kind.LINK, "", url="treaties.un.org")


def test_it_removes_evidence_and_its_file(government, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("law.pdf", PDF)
    evidence = services.add_evidence(government, "pb_cedaw_ratified", Evidence.Kind.DOCUMENT, "", upload=upload)
    storage, name = evidence.file.storage, evidence.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.remove_evidence(evidence)
    assert not storage.exists(name)


def test_it_keeps_the_stored_headline_equal_to_a_fresh_scorecard(government, focal):
    from grmg.assessments.models import Assessment

    services.save_score(government, "pb_cedaw_ratified", "yes", "", 0, focal)
    evidence = services.add_evidence(government, "pb_cedaw_ratified", Evidence.Kind.LINK, "", url="https://a.org/")
    services.save_score(government, "rp_domestic_work", "50", "", 0, focal)
    stored = Assessment.objects.get(pk=government.pk)
    assert (stored.overall_score, stored.criteria_scored, stored.criteria_evidenced) == (75.0, 2, 1)
    services.remove_evidence(evidence, focal)
    stored = Assessment.objects.get(pk=government.pk)
    card = services.scorecard(government)
    assert (stored.overall_score, stored.criteria_total, stored.criteria_scored, stored.criteria_evidenced) == (
        card.overall, card.coverage.total, card.coverage.scored, card.coverage.evidenced) == (75.0, 80, 2, 0)

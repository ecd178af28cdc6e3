"""A compliance review imported from YAML: all or nothing, idempotent, problems named by path."""

from __future__ import annotations

import pytest

from grmg.core.problems import InputError
from grmg.laws.imports import import_review
from grmg.laws.models import DiscriminatoryProvision, NationalInstrument, ProvisionReview

REVIEW = """
country: KEN
laws:
  - key: employment
    title: Employment Act
    kind: law
    year: 2007
    status: in_force
    document: employment.txt
reviews:
  - {instrument: CEDAW, ref: "Art. 11", law: employment, article: "s. 5", status: partly_compliant,
     evidence: "Equal pay, but domestic workers are left out."}
  - {instrument: CEDAW-GR26, ref: "para. 24(i)", status: not_addressed, evidence: "No return services."}
discriminatory:
  - {kind: domestic_work_exclusion, law: employment, article: "s. 3", group_affected: domestic workers,
     description: "Excluded from the Act", status: in_force}
"""


@pytest.fixture
def review_file(tmp_path, kenya):
    (tmp_path / "employment.txt").write_text("Section 3. This Act does not apply to domestic workers.")
    path = tmp_path / "kenya-review.yaml"
    path.write_text(REVIEW)
    return path


def test_it_imports_laws_reviews_and_discriminatory_provisions(review_file):
    result = import_review(review_file)
    assert (result.laws_added, result.reviews_saved, result.discriminatory_saved) == (1, 2, 1)
    law = NationalInstrument.objects.get()
    assert law.text.startswith("Section 3.") and law.document.name.endswith("employment.txt")
    assert ProvisionReview.objects.get(law=law).status == "partly_compliant"
    assert ProvisionReview.objects.get(law=None).status == "not_addressed"
    assert DiscriminatoryProvision.objects.get().law == law


def test_it_changes_nothing_when_the_same_file_is_imported_again(review_file):
    import_review(review_file)
    again = import_review(review_file)
    assert (again.laws_added, again.reviews_saved, again.discriminatory_saved) == (0, 0, 0)
    assert NationalInstrument.objects.count() == 1 and ProvisionReview.objects.count() == 2
    assert ProvisionReview.history.count() == 2  # no new history either


def test_it_names_every_problem_and_writes_nothing(review_file):
    broken = REVIEW.replace('ref: "Art. 11"', 'ref: "Art. 99"').replace("status: not_addressed", "status: unsure") \
        .replace("document: employment.txt", "document: missing.pdf").replace("kind: domestic_work_exclusion",
                                                                              "kind: bad_luck")
    review_file.write_text(broken)
    with pytest.raises(InputError) as caught:
        import_review(review_file)
    where = [line.split(": ")[1] for line in caught.value.lines()]
    assert where == ["laws[0].document", "reviews[0]", "reviews[1].status", "discriminatory[0].kind"]
    assert "no provision 'Art. 99' of 'CEDAW' in the catalogue; known refs of CEDAW:" in caught.value.lines()[1]
    assert not NationalInstrument.objects.exists() and not ProvisionReview.objects.exists()

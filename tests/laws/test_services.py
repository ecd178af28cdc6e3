"""The law inventory, the compliance review and the discriminatory-provisions inventory."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from docx import Document

from grmg.core.framework import load_framework_file
from grmg.frameworks.services import SHIPPED_FRAMEWORK
from grmg.laws import services
from grmg.laws.models import NationalInstrument, ProvisionReview
from grmg.standards.models import Provision

FRAMEWORK = load_framework_file(SHIPPED_FRAMEWORK)


def provision(code: str, ref: str) -> Provision:
    return Provision.objects.get(instrument__code=code, ref=ref)


def docx_bytes(*paragraphs: str) -> bytes:
    document = Document()
    for text in paragraphs:
        document.add_paragraph(text)
    stream = io.BytesIO()
    document.save(stream)
    return stream.getvalue()


def test_it_adds_a_law_and_reads_the_text_of_its_document(kenya):
    upload = SimpleUploadedFile("act.docx", docx_bytes("Section 5. Equal pay for equal work.", "Section 9. Leave."))
    law = services.add_law(kenya, title="Employment Act", kind="law", year=2007, status="in_force", upload=upload)
    assert law.text == "Section 5. Equal pay for equal work.\nSection 9. Leave."
    assert law.document.read().startswith(b"PK")
    plain = services.add_law(kenya, title="Circular", kind="order", year=2020, status="in_force",
                             upload=SimpleUploadedFile("c.txt", b"Article 1. Women may travel."))
    assert plain.text == "Article 1. Women may travel."


@pytest.mark.parametrize(("name", "content", "message"), [
    ("act.png", b"\x89PNG\r\n\x1a\n0000", "files of type .png are not accepted; accepted: txt, pdf, docx"),
    ("act.pdf", b"not a pdf at all", "the content is not a .pdf file"),
    ("act.docx", b"PK\x03\x04 broken zip", "not a readable DOCX"),
])
def test_it_refuses_a_law_document_that_is_not_text_pdf_or_docx(kenya, name, content, message):
    with pytest.raises(services.LawError, match=message):
        services.add_law(kenya, title="Act", kind="law", year=2000, status="in_force",
                         upload=SimpleUploadedFile(name, content))
    assert not NationalInstrument.objects.exists()


def test_it_keeps_the_rules_of_a_review(kenya, nepal):
    law = services.add_law(kenya, title="Act", kind="law", year=2000, status="in_force", text="x")
    other = services.add_law(nepal, title="Other", kind="law", year=2000, status="in_force", text="x")
    art11 = provision("CEDAW", "Art. 11")
    with pytest.raises(services.LawError, match="cannot name a law"):
        services.review_provision(kenya, art11, law=law, status="not_addressed", evidence="x")
    with pytest.raises(services.LawError, match="say which law"):
        services.review_provision(kenya, art11, law=None, status="compliant", evidence="x")
    with pytest.raises(services.LawError, match="law of another country"):
        services.review_provision(kenya, art11, law=other, status="compliant", evidence="x")
    with pytest.raises(services.LawError, match="rationale and evidence"):
        services.review_provision(kenya, art11, law=law, status="compliant", evidence=" ")
    assert not ProvisionReview.objects.exists()


def test_it_builds_the_matrix_and_ranks_the_gaps(kenya):
    act = services.add_law(kenya, title="Employment Act", kind="law", year=2007, status="in_force", text="x")
    code = services.add_law(kenya, title="Labour Relations Act", kind="law", year=2012, status="in_force", text="x")
    art11, c189_10 = provision("CEDAW", "Art. 11"), provision("ILO-C189", "Art. 10")
    gr26_24a, gr26_24i = provision("CEDAW-GR26", "para. 24(a)"), provision("CEDAW-GR26", "para. 24(i)")
    services.review_provision(kenya, art11, law=act, status="not_compliant", evidence="pay gap allowed")
    services.review_provision(kenya, art11, law=code, status="partly_compliant", evidence="covers unions only")
    services.review_provision(kenya, c189_10, law=act, status="compliant", evidence="weekly rest 24h")
    services.review_provision(kenya, gr26_24a, law=act, status="not_compliant", evidence="age ban")
    services.review_provision(kenya, gr26_24i, law=None, status="not_addressed", evidence="no return services")
    matrix = services.compliance_matrix(kenya)
    assert [law.title for law in matrix.laws] == ["Labour Relations Act", "Employment Act"]
    rows = {(r.provision.instrument.code, r.provision.ref): r for r in matrix.rows}
    assert rows[("CEDAW", "Art. 11")].overall == "partly_compliant"  # the best status any law gives it
    assert [c.status if c else None for c in rows[("CEDAW", "Art. 11")].cells] == ["partly_compliant",
                                                                                   "not_compliant"]
    assert rows[("CEDAW-GR26", "para. 24(i)")].not_addressed is not None
    assert matrix.reviewed == 4
    gaps = services.priority_gaps(matrix, FRAMEWORK)
    assert [(g.provision.ref, g.status) for g in gaps] == [
        ("para. 24(i)", "not_addressed"), ("para. 24(a)", "not_compliant"), ("Art. 11", "partly_compliant")]
    assert gaps[1].weight > 0


def test_it_lists_provisions_in_force_first(kenya):
    services.record_discriminatory(kenya, kind="pregnancy_testing", group_affected="women", description="test",
                                   status="repealed")
    services.record_discriminatory(kenya, kind="deployment_ban", group_affected="women", description="ban",
                                   status="in_force")
    assert [d.status for d in services.discriminatory_inventory(kenya)] == ["in_force", "repealed"]

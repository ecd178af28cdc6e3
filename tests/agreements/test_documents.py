"""Documents: read and screened at upload, stored with their raw screening, or not stored at all."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from grmg.agreements import services
from grmg.agreements.models import Document, Finding, Screening
from grmg.core.screening.checklist import shipped_checklist
from grmg.core.screening.engine import screen
from tests.agreements.conftest import SAMPLE, upload


def stored_files() -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_it_reads_screens_and_stores_a_document_with_the_raw_screening(kenya, register, focal):
    agreement = register(kenya, "SAU")
    document = services.add_document(agreement, upload("mou.txt"), focal)
    assert (document.name, document.text, document.pages, document.uploaded_by) == ("mou.txt", SAMPLE, [0], focal)
    assert document.file.read() == SAMPLE.encode()
    screening = document.screenings.get()
    expected = screen("mou.txt", SAMPLE, shipped_checklist())
    assert (screening.language, screening.screened_by) == (expected.language, focal)
    assert screening.rules_version.startswith("grmg ")
    stored = list(screening.findings.all())
    assert [f.provision for f in stored] == [item.id for item in shipped_checklist()]
    for finding, machine in zip(stored, expected.findings, strict=True):
        assert (finding.status, finding.confidence, finding.why) == (machine.status, machine.confidence,
                                                                     list(machine.why))
        assert [(e["start"], e["end"], e["text"]) for e in finding.evidence] == [
            (s.start, s.end, s.text) for s in machine.evidence]
        for span in finding.evidence:  # every offset points into the stored text
            assert document.text[span["start"]:span["end"]] == span["text"]


@pytest.mark.parametrize(("name", "content", "message"), [
    ("mou.txt", b"", "mou.txt: the file is empty"),
    ("mou.exe", b"MZ\x90\x00", "mou.exe: files of type .exe are not accepted"),
    ("mou.pdf", b"%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n", "mou.pdf"),
    ("mou.docx", b"PK\x03\x04 not really a zip", "mou.docx"),
    ("mou.txt", b"\x00\x01\x02 binary", "mou.txt"),
])
def test_it_stores_nothing_when_a_document_cannot_be_read(kenya, register, name, content, message):
    agreement = register(kenya, "SAU")
    with pytest.raises(services.AgreementError, match=message):
        services.add_document(agreement, SimpleUploadedFile(name, content))
    assert not Document.objects.exists() and not Screening.objects.exists() and not Finding.objects.exists()
    assert stored_files() == []


def test_it_removes_the_file_when_storing_the_screening_fails(kenya, register, monkeypatch):
    agreement = register(kenya, "SAU")

    def fail(*args, **kwargs):
        raise RuntimeError("disk full")
    monkeypatch.setattr(services, "bulk_create_with_history", fail)
    with pytest.raises(RuntimeError, match="disk full"):
        services.add_document(agreement, upload())
    assert not Document.objects.exists() and not Screening.objects.exists()
    assert stored_files() == []


def test_it_refuses_the_same_document_twice(kenya, register):
    agreement = register(kenya, "SAU")
    services.add_document(agreement, upload("mou.txt"))
    with pytest.raises(services.AgreementError, match=r"copy\.txt: this document is already uploaded"):
        services.add_document(agreement, upload("copy.txt"))
    assert Document.objects.count() == 1 and len(stored_files()) == 1


def test_it_screens_again_and_keeps_the_earlier_screening_unchanged(kenya, register, focal):
    agreement = register(kenya, "SAU")
    document = services.add_document(agreement, upload())
    first = document.screenings.get()
    before = list(first.findings.values_list("provision", "status", "confidence"))
    again = services.screen_document(document, focal)
    assert list(Screening.objects.filter(document=document)) == [again, first]  # newest first
    assert list(first.findings.values_list("provision", "status", "confidence")) == before
    assert services.latest_screenings([document.pk]) == {document.pk: again}

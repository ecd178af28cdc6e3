"""Importing workbooks and YAML: all or nothing, every problem named by sheet, row and column."""

from __future__ import annotations

from io import BytesIO

import pytest
from openpyxl import load_workbook

from grmg.assessments import imports, services, workbooks
from grmg.assessments.models import Assessment, CriterionScore, Evidence, Round, Status
from grmg.core.problems import InputError


def to_bytes(book) -> BytesIO:
    stream = BytesIO()
    book.save(stream)
    stream.seek(0)
    return stream


def blank_template(kenya, version, organisation="Ministry of Labour", year=2025, perspective="government"):
    about = workbooks.about_for(kenya, year, perspective, None, version.framework)
    about["organisation"] = organisation
    about["organisation_kind"] = "government_ministry"
    return workbooks.build(version.framework, about)


def row_of(sheet, criterion_id: str) -> int:
    for row in range(workbooks.FIRST_ROW, sheet.max_row + 1):
        if sheet.cell(row, workbooks.COL["Criterion"]).value == criterion_id:
            return row
    raise AssertionError(criterion_id)


def fill(book, criterion_id: str, level: str, rationale: str = "", links: str = "", citations: str = ""):
    for sheet in book.worksheets[1:]:
        for row in range(workbooks.FIRST_ROW, sheet.max_row + 1):
            if sheet.cell(row, workbooks.COL["Criterion"]).value == criterion_id:
                sheet.cell(row, workbooks.COL["Level"], level)
                sheet.cell(row, workbooks.COL["Rationale"], rationale)
                sheet.cell(row, workbooks.COL["Evidence links"], links)
                sheet.cell(row, workbooks.COL["Evidence citations"], citations)
                return sheet.title, row
    raise AssertionError(criterion_id)


def test_it_writes_one_sheet_per_pillar_with_a_level_drop_down(kenya, version):
    book = load_workbook(to_bytes(blank_template(kenya, version)))
    assert book.sheetnames == ["About", "establish", "implement", "enable"]
    sheet = book["establish"]
    row = row_of(sheet, "pb_cedaw_ratified")
    level_cell = f"D{row}"
    lists = [v.formula1 for v in sheet.data_validations.dataValidation if level_cell in v.sqref]
    assert lists == ['"no,yes"']
    rows = sum(1 for s in book.worksheets[1:] for r in range(3, s.max_row + 1) if s.cell(r, 2).value)
    assert rows == len(list(version.framework.criteria()))


def test_it_imports_a_filled_workbook_into_a_new_round(kenya, version, db):
    book = blank_template(kenya, version)
    fill(book, "pb_cedaw_ratified", "yes", "Ratified 1984", links="https://treaties.un.org/a\nhttps://x.org/b",
         citations="CEDAW/C/KEN/CO/8, para. 12")
    fill(book, "gb_gender_marker", "Partial")  # levels are matched in any case
    result = imports.import_file(to_bytes(book), "kenya.xlsx")
    assert result.round_created and (result.scores_changed, result.evidence_added) == (2, 3)
    assessment = Assessment.objects.get(round__country=kenya, round__year=2025, perspective="government")
    assert assessment.organisation.name == "Ministry of Labour"
    scores = dict(CriterionScore.objects.values_list("criterion_id", "level"))
    assert scores == {"pb_cedaw_ratified": "yes", "gb_gender_marker": "partial"}
    assert Evidence.objects.count() == 3


def test_it_changes_nothing_when_the_same_file_is_imported_again(kenya, version, db):
    book = blank_template(kenya, version)
    fill(book, "pb_cedaw_ratified", "yes", "Ratified", citations="Gazette 1984")
    imports.import_file(to_bytes(book), "kenya.xlsx")
    again = imports.import_file(to_bytes(book), "kenya.xlsx")
    assert (again.round_created, again.scores_changed, again.evidence_added) == (False, 0, 0)
    assert CriterionScore.objects.get().revision == 1 and Evidence.objects.count() == 1


def test_it_round_trips_a_saved_assessment(government, focal):
    services.save_score(government, "pb_cedaw_ratified", "yes", "Ratified", 0, focal)
    services.add_evidence(government, "pb_cedaw_ratified", Evidence.Kind.LINK, "", url="https://treaties.un.org/")
    book = workbooks.workbook_for(government)
    result = imports.import_file(to_bytes(book), "export.xlsx")
    assert (result.scores_changed, result.evidence_added) == (0, 0)
    fill(book, "pb_cedaw_ratified", "no", "Reservation to art. 2 found", links="https://treaties.un.org/")
    result = imports.import_file(to_bytes(book), "export.xlsx")
    assert result.scores_changed == 1
    assert CriterionScore.objects.get(criterion_id="pb_cedaw_ratified").level == "no"


def test_it_names_sheet_row_and_column_of_every_problem_and_writes_nothing(kenya, version, db):
    book = blank_template(kenya, version)
    _sheet, good_row = fill(book, "pb_cedaw_ratified", "yes", "fine")
    _sheet, bad_level_row = fill(book, "pb_icmw_ratified", "maybe")
    book["implement"].cell(40, 2, "no_such_criterion")
    book["implement"].cell(40, 4, "yes")
    with pytest.raises(InputError) as caught:
        imports.import_file(to_bytes(book), "kenya.xlsx")
    assert caught.value.lines() == [
        f"kenya.xlsx: sheet establish, row {bad_level_row}, column D (Level): 'maybe' is not a level of "
        "pb_icmw_ratified; expected one of no, yes",
        "kenya.xlsx: sheet implement, row 40, column B (Criterion): unknown criterion 'no_such_criterion' in grmg@1.0",
    ]
    assert not Round.objects.exists() and not CriterionScore.objects.exists()
    assert good_row < bad_level_row


def test_it_names_a_missing_sheet(kenya, version, db):
    book = blank_template(kenya, version)
    del book["implement"]
    with pytest.raises(InputError) as caught:
        imports.import_file(to_bytes(book), "kenya.xlsx")
    assert caught.value.lines() == ["kenya.xlsx: sheet implement: the sheet is missing"]


def test_it_names_a_changed_header(kenya, version, db):
    book = blank_template(kenya, version)
    book["enable"].cell(2, 4, "Score")
    with pytest.raises(InputError) as caught:
        imports.import_file(to_bytes(book), "kenya.xlsx")
    assert caught.value.lines() == ["kenya.xlsx: sheet enable, row 2, column D: expected the header 'Level', "
                                    "found 'Score'"]


def test_it_refuses_a_file_that_is_not_a_workbook(db):
    with pytest.raises(InputError, match=r"notes.xlsx: not an Excel workbook"):
        imports.import_file(BytesIO(b"plain text"), "notes.xlsx")
    with pytest.raises(InputError, match=r"notes.csv: unsupported file type .csv; use .xlsx, .yaml, .yml"):
        imports.import_file(BytesIO(b"a,b"), "notes.csv")


def test_it_refuses_to_overwrite_a_change_made_after_the_export(government, focal, assessor):
    services.save_score(government, "pb_cedaw_ratified", "yes", "", 0, focal)
    book = workbooks.workbook_for(government)
    services.save_score(government, "pb_cedaw_ratified", "no", "checked again", 1, assessor)
    fill(book, "pb_cedaw_ratified", "yes", "my offline edit")
    with pytest.raises(InputError) as caught:
        imports.import_file(to_bytes(book), "offline.xlsx")
    [line] = caught.value.lines()
    assert "pb_cedaw_ratified was changed by baraka on" in line and "their level: no" in line
    assert line.startswith("offline.xlsx: sheet establish, row ")
    assert CriterionScore.objects.get().rationale == "checked again"


def test_it_refuses_changes_to_a_submitted_component(government, focal):
    services.transition(government, "policy_baseline", Status.SUBMITTED, focal)
    book = workbooks.workbook_for(government)
    fill(book, "pb_cedaw_ratified", "yes")
    with pytest.raises(InputError, match="policy_baseline is Submitted; return it to draft first"):
        imports.import_file(to_bytes(book), "offline.xlsx")


YAML = b"""
country: KEN
year: 2024
perspective: civil_society
organisation: Kenya Domestic Workers' Union
organisation_kind: trade_union
scores:
  pb_cedaw_ratified:
    level: "yes"
    rationale: Ratified in 1984.
    evidence:
      - link: https://treaties.un.org/
      - citation: CEDAW/C/KEN/CO/8
  rp_domestic_work:
    level: 50
"""


def test_it_imports_yaml(kenya, version, db):
    result = imports.import_file(BytesIO(YAML), "shadow.yaml")
    assert str(result.assessment) == "Kenya 2024 · Civil-society (shadow) assessment"
    assert dict(CriterionScore.objects.values_list("criterion_id", "level")) == {
        "pb_cedaw_ratified": "yes", "rp_domestic_work": "50"}
    assert result.evidence_added == 2


def test_it_names_yaml_problems_by_path(kenya, version, db):
    bad = YAML.replace(b"level: 50", b"level: 75").replace(b"country: KEN", b"country: KEX")
    with pytest.raises(InputError) as caught:
        imports.import_file(BytesIO(bad), "shadow.yaml")
    assert caught.value.lines() == ["shadow.yaml: country: unknown country code 'KEX'"]
    with pytest.raises(InputError) as caught:
        imports.import_file(BytesIO(YAML.replace(b"level: 50", b"level: 75")), "shadow.yaml")
    assert caught.value.lines() == ["shadow.yaml: scores.rp_domestic_work.level: '75' is not a level of "
                                    "rp_domestic_work; expected one of 0, 50, 100"]

"""The comparison matrix and the protection gaps weighted by women: known answers computed by hand."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader
from typer.testing import CliRunner

from grmg import demo
from grmg.agreements import services
from grmg.agreements.comparison import (
    Cell,
    Coverage,
    Destination,
    comparison,
    gap_analysis,
    gap_destinations,
    rank_gaps,
)
from grmg.agreements.models import Agreement, Document, Finding, Screening
from grmg.cli import app
from grmg.core.screening import ChecklistItem
from grmg.organisations.models import Role
from grmg.profiles.patterns import Corridor
from tests.agreements.conftest import country

A, B = ChecklistItem("a", "Provision a", ""), ChecklistItem("b", "Provision b", "")
C, D = ChecklistItem("c", "Provision c", "", gender=True), ChecklistItem("d", "Provision d", "", gender=True)
FOUR = (A, B, C, D)


def agreement(key: int, title: str, destination: str, in_force: bool = True, **cells: Cell) -> Coverage:
    return Coverage(key, title, in_force, frozenset({("PHL", destination)}), cells)


def yes(status: str) -> Cell:
    return Cell(status, confirmed=True)


def maybe(status: str) -> Cell:
    return Cell(status, confirmed=False)


# Saudi Arabia: X and W in force. Best of each: a partial (X, confirmed) ½, b present (W, screened) 1,
# c contrary (X, confirmed) 0 and flagged, d partial (W, confirmed) ½: 2 of 4 protected, half missing.
# United Arab Emirates: Y in force, a b c present, d partial (screened): 3.5 of 4. Z, a draft, counts for nothing.
# Kuwait: no agreement, everything missing.
AGREEMENTS = (
    agreement(1, "X", "SAU", a=yes("partial"), b=maybe("partial"), c=yes("contrary"), d=maybe("absent")),
    agreement(2, "W", "SAU", b=maybe("present"), d=yes("partial")),
    agreement(3, "Y", "ARE", a=yes("present"), b=yes("present"), c=yes("present"), d=maybe("partial")),
    agreement(4, "Z", "ARE", in_force=False, a=yes("present"), b=yes("present"), c=yes("present"), d=yes("present")),
)
WOMEN = (Destination("ARE", "United Arab Emirates", 100_000), Destination("KWT", "Kuwait", 50_000),
         Destination("SAU", "Saudi Arabia", 300_000))


def test_it_ranks_destinations_by_women_times_the_share_of_provisions_missing():
    ranked = rank_gaps("PHL", WOMEN, AGREEMENTS, FOUR)
    # SAU 300,000 × 2/4 = 150,000; KWT 50,000 × 4/4 = 50,000; ARE 100,000 × 0.5/4 = 12,500.
    assert [(g.rank, g.destination.iso3, g.score) for g in ranked] == [
        (1, "SAU", 150_000), (2, "KWT", 50_000), (3, "ARE", 12_500)]
    assert [g.protected for g in ranked] == [2.0, 0.0, 3.5]
    assert [g.missing_share for g in ranked] == [0.5, 1.0, 0.125]
    # ♀ (c, d): SAU 0 + ½ of 2 → ¾ missing, 225,000; KWT all, 50,000; ARE ½ of 2 → ¼, 25,000.
    assert [g.gender_missing_share for g in ranked] == [0.75, 1.0, 0.25]
    assert [g.gender_score for g in ranked] == [225_000, 50_000, 25_000]
    saudi, kuwait, emirates = ranked
    assert [p.item.id for p in saudi.missing] == ["c", "d", "a"]  # ♀ first
    assert [(p.item.id, p.contrary) for p in saudi.contrary] == [("c", ("X",))]
    assert [(p.item.id, p.by, p.cell) for p in saudi.provisions] == [
        ("a", "X", yes("partial")), ("b", "W", maybe("present")), ("c", "X", yes("contrary")),
        ("d", "W", yes("partial"))]
    assert (saudi.unconfirmed, emirates.unconfirmed) == (1, 1)  # b in W; d in Y
    assert [a.title for a in emirates.covering] == ["Y", "Z"] and [a.title for a in emirates.in_force] == ["Y"]
    assert kuwait.covering == () and [p.item.id for p in kuwait.missing] == ["c", "d", "a", "b"]


def test_it_ranks_by_share_missing_when_there_are_no_figures_for_women():
    unweighted = [Destination(d.iso3, d.name, None) for d in WOMEN]
    ranked = rank_gaps("PHL", unweighted, AGREEMENTS, FOUR)
    assert [(g.destination.iso3, g.missing_share, g.score) for g in ranked] == [
        ("KWT", 1.0, None), ("SAU", 0.5, None), ("ARE", 0.125, None)]


def test_it_takes_the_top_destinations_and_adds_those_an_agreement_covers():
    stock = [Corridor("USA", "United States", 500, 50.0), Corridor("SAU", "Saudi Arabia", 300, 30.0),
             Corridor("KWT", "Kuwait", 200, 20.0)]
    chosen = gap_destinations(stock, {"KWT": "Kuwait", "QAT": "Qatar"}, {"USA": "United States of America"}, top=2)
    assert chosen == [Destination("USA", "United States of America", 500, 50.0),
                      Destination("SAU", "Saudi Arabia", 300, 30.0), Destination("KWT", "Kuwait", 200, 20.0),
                      Destination("QAT", "Qatar", 0, 0.0)]
    assert gap_destinations([], {"SAU": "Saudi Arabia"}, {}) == [Destination("SAU", "Saudi Arabia", None)]


# --- with the database ------------------------------------------------------------------------------------------

def screened_as(agreement_: Agreement, statuses: dict[str, str], name: str = "text.txt") -> Document:
    """A document screened with exactly these statuses, without running the screener."""
    document = Document.objects.create(agreement=agreement_, file=f"agreements/test/{name}", name=name, sha256=name,
                                       text="text")
    screening = Screening.objects.create(document=document, rules_version="test", text_length=4)
    Finding.objects.bulk_create(Finding(screening=screening, provision=p, position=n, status=s, confidence=0.8)
                                for n, (p, s) in enumerate(statuses.items()))
    return document


@pytest.fixture
def philippines(db):
    return country("PHL")


GENDER = ("no_discriminatory_restrictions", "maternity_protection", "independent_residence", "violence_harassment",
          "shelters_support", "health_care", "domestic_workers", "orientation", "reintegration",
          "remittances_savings", "sex_disaggregated_data")


@pytest.fixture
def corridors(philippines, register):
    """PHL→SAU in force, its 11 ♀ provisions confirmed; PHL→KWT in force, all screened present; a PHL→USA draft."""
    saudi = register(philippines, "SAU", title="PHL–SAU domestic workers", signed_date=date(2017, 5, 1))
    for provision in GENDER:
        services.review_provision(saudi, provision, "present", "Read in the text.")
    kuwait = register(philippines, "KWT", title="PHL–KWT domestic workers", signed_date=date(2018, 5, 11))
    screened_as(kuwait, {item.id: "present" for item in services.checklist()})
    draft = register(philippines, "USA", title="PHL–USA draft", status="draft", signed_date=None)
    screened_as(draft, {item.id: "present" for item in services.checklist()})
    return saudi, kuwait, draft


def test_it_shows_the_confirmed_status_else_the_newest_screened_one_marked_unconfirmed(philippines, register):
    mou = register(philippines, "SAU", title="PHL–SAU MOU")
    screened_as(mou, {"standard_contract": "partial", "joint_committee": "absent"}, "old.txt")
    newest = screened_as(mou, {"standard_contract": "absent", "joint_committee": "absent"}, "mou.txt")
    Screening.objects.filter(document=newest).update(screened_at="2000-01-01T00:00Z")  # an older run of mou.txt
    screened_as(mou, {"document_retention_ban": "partial"}, "annex.txt")
    again = Screening.objects.create(document=newest, rules_version="test 2", text_length=4)
    Finding.objects.create(screening=again, provision="standard_contract", status="present", confidence=0.9)
    services.review_provision(mou, "document_retention_ban", "contrary", "Article 5 lets the employer keep it.")
    cells = {row.item.id: row.cells[0] for row in comparison(philippines).rows}
    # standard_contract: partial in old.txt, present in the newest run of mou.txt: present, the strongest.
    assert cells["standard_contract"] == Cell("present", False)
    assert cells["joint_committee"] == Cell("absent", False)  # old.txt; mou.txt's newest run does not say
    assert cells["document_retention_ban"] == Cell("contrary", True)
    assert cells["wage_protection"] == Cell("", False)
    assert (cells["standard_contract"].symbol, cells["document_retention_ban"].symbol) == ("✓?", "✕")


def test_it_groups_the_matrix_as_the_review_screen(philippines, corridors):
    matrix = comparison(philippines)
    assert [c.coverage.title for c in matrix.columns] == ["PHL–SAU domestic workers", "PHL–KWT domestic workers",
                                                         "PHL–USA draft"]
    assert [label for label, _rows in matrix.groups] == [
        "Standards and equality", "Recruitment and contract", "Work, pay and social protection",
        "Documents, mobility and freedom", "Protection and justice", "Return and development",
        "Governance and monitoring"]
    assert len(matrix.rows) == 33
    counts = [counts for _column, counts in matrix.summaries]
    assert (counts[0]["present"], counts[0]["none"], counts[0]["confirmed"]) == (11, 22, 11)
    assert (counts[1]["present"], counts[1]["confirmed"]) == (33, 0)


def test_it_weighs_the_gaps_of_the_philippines_by_the_women_in_each_destination(philippines, corridors):
    analysis = gap_analysis(philippines)
    # UN DESA 2020, women from the Philippines: USA 1,279,017, CAN 367,616, SAU 294,447, AUS 172,723, JPN 152,481,
    # ARE 139,901, HKG 120,011, GBR 92,957, ITA 90,870, MYS 65,782 (the top 10), and KWT 62,043 (covered).
    # SAU: 22 of 33 missing, 294,447 × 2/3 = 196,298; KWT: nothing missing (screened present), 0; the rest: all.
    assert [(g.destination.iso3, round(g.score)) for g in analysis.gaps] == [
        ("USA", 1_279_017), ("CAN", 367_616), ("SAU", 196_298), ("AUS", 172_723), ("JPN", 152_481),
        ("ARE", 139_901), ("HKG", 120_011), ("GBR", 92_957), ("ITA", 90_870), ("MYS", 65_782), ("KWT", 0)]
    saudi, kuwait = analysis.gaps[2], analysis.gaps[10]
    assert (saudi.gender_missing_share, saudi.gender_score, saudi.unconfirmed) == (0.0, 0.0, 0)
    assert (kuwait.destination.women, kuwait.protected, kuwait.unconfirmed) == (62_043, 33.0, 33)
    usa = analysis.gaps[0]
    assert [a.title for a in usa.covering] == ["PHL–USA draft"] and usa.in_force == ()
    assert analysis.covered == 2 and analysis.women_covered == 294_447 + 62_043


def test_it_counts_everything_missing_where_a_country_has_no_agreement(nepal):
    analysis = gap_analysis(nepal)
    # UN DESA 2020, women from Nepal: India 492,259, Malaysia 239,402, Saudi Arabia 110,512 first.
    assert [(g.destination.iso3, g.score, g.missing_share) for g in analysis.gaps[:3]] == [
        ("IND", 492_259, 1.0), ("MYS", 239_402, 1.0), ("SAU", 110_512, 1.0)]
    assert len(analysis.gaps) == 10 and analysis.covered == 0 and analysis.matrix.columns == ()


def test_it_shows_the_matrix_and_exports_it_as_csv_and_excel(client, philippines, corridors, member, ministry):
    viewer = member("lorna", Role.VIEWER, ministry, philippines)
    client.force_login(viewer)
    url = reverse("agreements:compare", args=["PHL"])
    page = client.get(url).content.decode()
    assert 'data-testid="matrix"' in page and "PHL–KWT domestic workers" in page
    assert page.count('<td class="heat heat-present confirmed"') == 11  # the ♀ provisions confirmed for SAU
    assert page.count('<td class="heat heat-present unconfirmed"') == 66  # KWT and the USA draft, screened
    assert "screened, not yet confirmed" in page and "Register an agreement" not in page
    rows = list(csv.DictReader(io.StringIO(client.get(f"{url}?format=csv").content.decode())))
    assert len(rows) == 3 * 33
    assert rows[2] == {"country": "PHL", "agreement_id": str(corridors[0].pk), "agreement": "PHL–SAU domestic workers",
                       "agreement_status": "in_force", "in_force": "yes", "provision": "no_discriminatory_restrictions",
                       "provision_title": "No sex-, age-, marital- or pregnancy-based restrictions", "gender": "yes",
                       "status": "present", "confirmed": "yes", "demo": "no"}
    assert (rows[0]["provision"], rows[0]["status"], rows[0]["confirmed"]) == ("standards_reference", "not_screened",
                                                                              "no")
    assert (rows[33]["status"], rows[33]["confirmed"]) == ("present", "no")
    response = client.get(f"{url}?format=xlsx")
    assert response["Content-Disposition"] == 'attachment; filename="grmg-agreements-PHL.xlsx"'
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["Matrix"]
    assert [sheet.cell(4, n).value for n in range(1, 5)] == [
        "Group", "Provision", "♀", "#1 PHL–SAU domestic workers (In force)"]
    assert (sheet["B7"].value, sheet["C7"].value, sheet["D7"].value) == (
        "No sex-, age-, marital- or pregnancy-based restrictions", "♀", "Present")
    assert (sheet["D7"].fill.fill_type, sheet["D7"].fill.fgColor.rgb) == ("solid", "001E8449")
    assert (sheet["E7"].value, sheet["E7"].fill.fill_type) == ("Present (unconfirmed)", "lightUp")
    assert sheet["D5"].value == "–" and sheet["D5"].fill.fill_type is None
    assert book["Data"].max_row == 1 + 3 * 33 and book["Agreements"]["I2"].value == "11 / 33"
    assert client.get(f"{url}?format=pdf").status_code == 404


def test_it_shows_the_gaps_page_ranked_and_the_report_in_html_and_pdf(client, philippines, corridors, member,
                                                                       ministry):
    client.force_login(member("lorna", Role.VIEWER, ministry, philippines))
    page = client.get(reverse("agreements:gaps", args=["PHL"])).content.decode()
    assert page.index("United States") < page.index("Canada") < page.index("Saudi Arabia") < page.index("Kuwait")
    assert "196,298" in page and "1,279,017" in page
    assert "International Migrant Stock 2020 (POP/DB/MIG/Stock/Rev.2020); figures as of 2020-07-01" in page
    assert "no-stock" not in page
    rows = list(csv.DictReader(io.StringIO(client.get(reverse("agreements:gaps", args=["PHL"]) + "?format=csv")
                                           .content.decode())))
    assert len(rows) == 11 * 33
    saudi = [r for r in rows if r["destination"] == "SAU"]
    assert {(r["rank"], r["women_2020"], r["gap_score"], r["share_missing"]) for r in saudi} == {
        ("3", "294447", "196298", "0.6667")}
    html = client.get(reverse("agreements:gaps_report", args=["PHL", "html"])).content.decode()
    assert "Protection gaps in labour agreements: Philippines" in html and "5. Method" in html
    response = client.get(reverse("agreements:gaps_report", args=["PHL", "pdf"]))
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages).split())
    assert "Protection gaps in labour agreements: Philippines" in text
    assert "196,298" in text and "Kuwait" in text
    assert "figures as of 2020-07-01" in text
    assert client.get(reverse("agreements:gaps_report", args=["PHL", "docx"])).status_code == 404


def test_it_says_demoria_has_no_migrant_stock_data_and_shows_the_gaps_unweighted(admin_client, db):
    demo.create_demo()
    page = admin_client.get(reverse("agreements:gaps", args=["XDM"])).content.decode()
    assert "Demo data." in page
    assert "There is no migrant stock data for Demoria." in page
    # Demoria's agreements cover Saudi Arabia and the UAE (in force) and Malaysia (a draft, so nothing protected).
    assert page.index("Malaysia") < page.index("Saudi Arabia") and page.index("Malaysia") < page.index(
        "United Arab Emirates")
    assert "Gap score" not in page
    html = admin_client.get(reverse("agreements:gaps_report", args=["XDM", "html"])).content.decode()
    assert "There is no migrant stock data for Demoria." in html and "Demo data." in html


@pytest.fixture
def admin_client(client, django_user_model):
    client.force_login(django_user_model.objects.create_superuser("root", password="pw"))
    return client


def test_it_keeps_other_countries_out(client, philippines, corridors, assessor):
    client.force_login(assessor)  # an assessor for Kenya
    for url in (reverse("agreements:compare", args=["PHL"]), reverse("agreements:gaps", args=["PHL"]),
                reverse("agreements:gaps_report", args=["PHL", "pdf"])):
        assert client.get(url).status_code == 404


def test_it_writes_the_matrix_and_the_gaps_from_the_command_line(philippines, corridors, tmp_path):
    runner = CliRunner()
    table = runner.invoke(app, ["agreements", "compare", "--country", "PHL"], catch_exceptions=False)
    assert table.exit_code == 0
    assert "#1 PHL–SAU domestic workers · In force" in table.stdout and "? screened, not yet confirmed" in table.stdout
    compare = ["agreements", "compare", "--country"]
    lines = runner.invoke(app, [*compare, "Philippines", "--format", "csv"]).stdout.splitlines()
    assert len(lines) == 1 + 3 * 33 and lines[0].startswith("country,agreement_id,agreement,")
    refused = runner.invoke(app, [*compare, "PHL", "--format", "xlsx"])
    assert refused.exit_code == 1 and "this format is binary: give --out FILE" in refused.stderr
    book = tmp_path / "phl.xlsx"
    assert runner.invoke(app, [*compare, "PHL", "--format", "xlsx", "--out", str(book)]).exit_code == 0
    assert load_workbook(book)["Matrix"]["D7"].value == "Present"
    rows = runner.invoke(app, ["agreements", "gaps", "PHL", "--format", "csv"]).stdout.splitlines()
    assert rows[1].startswith("1,PHL,USA,")
    pdf = tmp_path / "gaps.pdf"
    assert runner.invoke(app, ["agreements", "gaps", "PHL", "--format", "pdf", "--out", str(pdf)]).exit_code == 0
    assert "196,298" in "\n".join(p.extract_text() for p in PdfReader(str(pdf)).pages)
    unknown = runner.invoke(app, ["agreements", "gaps", "Atlantis"])
    assert unknown.exit_code == 1 and "error:" in unknown.stderr

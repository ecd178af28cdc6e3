"""Splitting agreement texts into clauses: known answers, the offset invariant, the real development texts, speed."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from grmg.core.screening import Clause
from grmg.core.screening.segment import LONG_CLAUSE, segment, starts_unit

AGREEMENTS = Path(__file__).resolve().parents[2] / "benchmarks" / "screening" / "texts"


def pairs(text: str) -> list[tuple[str, str]]:
    clauses = segment(text)
    assert_invariant(text, clauses)
    return [(clause.text, clause.article) for clause in clauses]


def assert_invariant(text: str, clauses: tuple[Clause, ...]) -> None:
    """Exact offsets, in order, not overlapping, trimmed, and every non-space character in some clause."""
    covered = [False] * len(text)
    end = 0
    for index, clause in enumerate(clauses):
        assert clause.index == index
        assert text[clause.start:clause.end] == clause.text
        assert clause.text and clause.text == clause.text.strip()
        assert clause.start >= end
        end = clause.end
        covered[clause.start:clause.end] = [True] * (clause.end - clause.start)
    assert [i for i, char in enumerate(text) if not char.isspace() and not covered[i]] == []


def test_it_splits_an_english_agreement_into_headings_numbered_paragraphs_and_items():
    text = ("AGREEMENT BETWEEN A AND B\n\nThe Parties, recognising the contribution of women migrant workers,\n"
            "have agreed as follows:\n\nArticle 1\nScope\n\n"
            "1. This Agreement applies to workers recruited under Art. 5 of the Act No. 97.\n"
            "2. The employer shall:\n(a) pay wages monthly;\n(b) not keep the worker's passport.\n\n"
            "ARTICLE V - EQUAL TREATMENT\n"
            "Women workers shall enjoy treatment no less favourable than nationals, e.g. as to wages.\n")
    assert pairs(text) == [
        ("AGREEMENT BETWEEN A AND B", ""),
        ("The Parties, recognising the contribution of women migrant workers,\nhave agreed as follows:", ""),
        ("Article 1\nScope", "Article 1"),
        ("1. This Agreement applies to workers recruited under Art. 5 of the Act No. 97.", "Article 1"),
        ("2. The employer shall:", "Article 1"),
        ("(a) pay wages monthly;", "Article 1"),
        ("(b) not keep the worker's passport.", "Article 1"),
        ("ARTICLE V - EQUAL TREATMENT", "ARTICLE V"),
        ("Women workers shall enjoy treatment no less favourable than nationals, e.g. as to wages.", "ARTICLE V"),
    ]


def test_it_finds_the_headings_of_german_indonesian_italian_and_french_texts():
    text = ("Artikel 1\n(1) Dieses Abkommen gilt für Gastarbeitnehmer.\n"
            "(2) Sie sollen das 30. Lebensjahr nicht überschritten haben.\n\n"
            "§ 3 Gleichbehandlung\nDie Arbeitnehmerinnen erhalten den gleichen Lohn.\n\n"
            "PASAL II\nPara Pihak wajib melindungi pekerja rumah tangga.\n\n"
            "Pasal3\na. menjamin upah;\nb. menjamin hari libur.\n\n"
            "Articolo 4 Parità di trattamento\nI lavoratori godranno degli stessi diritti.\n\n"
            "Article premier\nLes travailleuses bénéficient de l'égalité de traitement.")
    assert pairs(text) == [
        ("Artikel 1", "Artikel 1"),
        ("(1) Dieses Abkommen gilt für Gastarbeitnehmer.", "Artikel 1"),
        ("(2) Sie sollen das 30. Lebensjahr nicht überschritten haben.", "Artikel 1"),
        ("§ 3 Gleichbehandlung", "§ 3"),
        ("Die Arbeitnehmerinnen erhalten den gleichen Lohn.", "§ 3"),
        ("PASAL II", "PASAL II"),
        ("Para Pihak wajib melindungi pekerja rumah tangga.", "PASAL II"),
        ("Pasal3", "Pasal 3"),  # OCR drops the space; the label puts it back
        ("a. menjamin upah;", "Pasal 3"),
        ("b. menjamin hari libur.", "Pasal 3"),
        ("Articolo 4 Parità di trattamento", "Articolo 4"),
        ("I lavoratori godranno degli stessi diritti.", "Articolo 4"),
        ("Article premier", "Article premier"),
        ("Les travailleuses bénéficient de l'égalité de traitement.", "Article premier"),
    ]


def test_it_takes_sections_paragraphs_clauses_and_art_as_article_headings():
    text = ("Section 3. Recruitment fees\nNo fee shall be charged to workers.\n\n"
            "Paragraph 2: contracts\nContracts are written in a language the worker understands.\n\n"
            "Clause 4\nDisputes go to the labour court.\n\n"
            "Art. 6 Entry into force\nThis Agreement enters into force on signature.\n\n"
            "Article 7 bis\nWomen workers may change employer.")
    assert pairs(text) == [
        ("Section 3. Recruitment fees", "Section 3"),
        ("No fee shall be charged to workers.", "Section 3"),
        ("Paragraph 2: contracts", "Paragraph 2"),
        ("Contracts are written in a language the worker understands.", "Paragraph 2"),
        ("Clause 4", "Clause 4"),
        ("Disputes go to the labour court.", "Clause 4"),
        ("Art. 6 Entry into force", "Art. 6"),
        ("This Agreement enters into force on signature.", "Art. 6"),
        ("Article 7 bis", "Article 7 bis"),
        ("Women workers may change employer.", "Article 7 bis"),
    ]


def test_it_does_not_take_a_reference_to_an_article_for_a_heading():
    text = ("The worker may complain under\nArticle 5 of the Convention and Section 3, which apply.\n"
            "As provided in Art. 5 the fee is nil.\n\nArticle 5 shall apply to domestic workers as set out in\n"
            "Article 9\nand the annex.")
    assert pairs(text) == [
        ("The worker may complain under\nArticle 5 of the Convention and Section 3, which apply.", ""),
        ("As provided in Art. 5 the fee is nil.", ""),
        ("Article 5 shall apply to domestic workers as set out in\nArticle 9\nand the annex.", ""),
    ]


def test_it_starts_a_clause_at_each_definition_on_its_own_line():
    text = 'In this Agreement:\n"Worker" means a national of one Party;\n"Employer" means a person in the other.'
    assert pairs(text) == [("In this Agreement:", ""), ('"Worker" means a national of one Party;', ""),
                           ('"Employer" means a person in the other.', "")]


def test_it_finds_headings_and_items_that_run_on_in_a_flattened_text():
    text = ('HAVE AGREED as follows: Article 1 Definitions 1. "Worker" means a national of Indonesia. 2. "Employer" '
            "means a person in Malaysia. Article 2.—Wages The employer shall pay: (a) the agreed wage; (b) overtime.")
    assert pairs(text) == [
        ("HAVE AGREED as follows:", ""),
        ("Article 1 Definitions", "Article 1"),
        ('1. "Worker" means a national of Indonesia.', "Article 1"),
        ('2. "Employer" means a person in Malaysia.', "Article 1"),
        ("Article 2.—Wages The employer shall pay:", "Article 2"),
        ("(a) the agreed wage;", "Article 2"),
        ("(b) overtime.", "Article 2"),
    ]


def test_it_splits_bullets_and_closes_the_article_at_a_chapter_or_annex():
    text = ("The Parties shall:\n- inform workers of their rights;\n• provide shelters.\n\n"
            "CHAPTER II\nGENERAL PROVISIONS\n\nArticle 3\nWomen may travel alone.\n\n"
            "Annex\nModel employment contract\n\n1.\nThe worker's name.")
    assert pairs(text) == [
        ("The Parties shall:", ""),
        ("- inform workers of their rights;", ""),
        ("• provide shelters.", ""),
        ("CHAPTER II\nGENERAL PROVISIONS", ""),
        ("Article 3", "Article 3"),
        ("Women may travel alone.", "Article 3"),
        ("Annex\nModel employment contract", ""),
        ("1.\nThe worker's name.", ""),  # a number alone on its line stays with its text
    ]


def test_it_reads_windows_line_ends_and_page_breaks_as_line_breaks():
    text = "Article 1\r\nScope\r\n\r\nThis Agreement covers care workers.\fArticle 2\fWages are paid monthly."
    assert pairs(text) == [
        ("Article 1\r\nScope", "Article 1"),
        ("This Agreement covers care workers.", "Article 1"),
        ("Article 2", "Article 2"),
        ("Wages are paid monthly.", "Article 2"),
    ]


def test_it_splits_a_very_long_paragraph_at_sentence_ends_but_not_at_abbreviations():
    sentences = [f"Clause {i:02d} protects women workers under Art. 5 and No. 97, e.g. in domestic and care work."
                 for i in range(30)]
    assert len(sentences[0]) == 89  # 13 sentences and their spaces take 1,169 characters, 14 would take 1,259
    assert LONG_CLAUSE == 1200
    assert pairs(" ".join(sentences)) == [(" ".join(sentences[0:13]), ""), (" ".join(sentences[13:26]), ""),
                                          (" ".join(sentences[26:30]), "")]


def test_it_says_which_lines_open_a_clause_of_their_own():
    assert [starts_unit(line) for line in ("Article 5 Wages", "(b) overtime;", "2. The employer", "• rest days",
                                           "Pasal1", "the employer shall", "30 days of leave")] == [
        True, True, True, True, True, False, False]


PIECES = st.sampled_from([
    "Article 5", "ARTICLE V", "Art. 5", "Artikel 2.", "§ 3", "Pasal1", "Articolo 4", "Article premier",
    "Section 3", "Paragraph 2:", "Clause 4", "CHAPTER II", "Annex", "1.", "1)", "(1)", "(a)", "a)", "i.", "- ",
    "• ", "e.g.", "No. 97", "para. 3", "The worker", "shall be paid", ".", ";", ":", ",", " ", "  ", "\n", "\n\n",
    "\r\n", "\f", "\t", "\xa0", "\u2028", '"', "„", "(", ")", "—", "é", "Ü",
])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES | st.text(max_size=6), max_size=60).map("".join))
def test_it_covers_every_character_with_exact_offsets_in_any_text(text):
    assert_invariant(text, segment(text))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.sampled_from([*(f"Clause {i} protects workers under Art. 5. " for i in range(5)),
                                  "and their families ", "e.g. nurses; ", "in Art. 5, ", "under Art. 5 ",
                                  "see No. 97 "]),
                min_size=30, max_size=90).map("".join))
def test_it_keeps_pieces_of_a_long_paragraph_short(text):
    clauses = segment(text)
    assert_invariant(text, clauses)
    assert max(len(clause.text) for clause in clauses) <= LONG_CLAUSE
    assert not [clause.text for clause in clauses if clause.text.endswith(("Art.", "No.", "e.g."))]


def agreement(name: str) -> str:
    return (AGREEMENTS / name).read_text(encoding="utf-8")


@pytest.mark.parametrize("path", sorted(AGREEMENTS.glob("*.txt")), ids=lambda path: path.stem)
def test_it_keeps_the_offsets_of_each_real_agreement(path):
    text = path.read_text(encoding="utf-8")
    assert_invariant(text, segment(text))


@pytest.mark.parametrize(("name", "articles"), [
    ("austria-germany-1953.txt", ["Artikel 1", "Artikel 2"]),
    ("austria-turkey-1964.txt", ["", "Artikel 1", "Artikel 2", "Artikel 4", "Artikel 5", "Artikel 8", "Artikel 9",
                                 "Artikel 10", "Artikel 14", "Artikel 15", "Artikel 16"]),
    ("philippines-korea-2006.txt", ["", "PARAGRAPH 1", "PARAGRAPH 2"]),
    ("philippines-korea-2017.txt", ["", "Paragraph 1", "Paragraph 2"]),
    ("philippines-uk-2021.txt", ["", "Paragraph 1", "Paragraph 2"]),
    ("indonesia-jordan-undated.txt", ["", "Pasal 1"]),
    ("indonesia-saudiarabia-2014.txt", ["", "Pasal 1", "Pasal 2"]),
    ("indonesia-uae-undated.txt", ["", "PASAL 1", "PASAL 2"]),
    ("indonesia-malaysia-2006.txt", ["", "Article 1"]),
    ("switzerland-italy-1964.txt", ["", "Art. 1", "Art. 2", "Art. 13"]),
    ("ilo-r86-model-agreement-1949.txt", ["", "ARTICLE 3", "ARTICLE 4", "Article 16", "Article 17", "Article 25",
                                          "Article 26"]),
])
def test_it_finds_the_article_headings_of_real_agreements(name, articles):
    assert list(dict.fromkeys(clause.article for clause in segment(agreement(name)))) == articles


def test_it_keeps_the_clauses_of_a_real_agreement_under_their_articles():
    clauses = segment(agreement("philippines-korea-2017.txt"))
    headed = [(clause.text[:40], clause.article) for clause in clauses if clause.article]
    assert headed == [
        ("Paragraph 1.\nPurpose", "Paragraph 1"),
        ("1. The purpose of this Memorandum of Und", "Paragraph 1"),
        ("2. This MOU will be carried out within t", "Paragraph 1"),
        ("Paragraph 2.\nDefinitions", "Paragraph 2"),
        ("For the purpose of this MOU,", "Paragraph 2"),
        ('(a) the term "employer" refers to a busi', "Paragraph 2"),
        ('(b) the term "job seeker" refers to a Fi', "Paragraph 2"),
    ]


def test_it_segments_a_twenty_page_agreement_in_well_under_fifty_milliseconds():
    text = "\n\n".join(agreement(path.name) for path in sorted(AGREEMENTS.glob("*.txt")))
    assert len(text) > 60_000  # the 18 development texts together: about 20 pages
    timings = []
    for _run in range(5):
        started = time.perf_counter()
        segment(text)
        timings.append(time.perf_counter() - started)
    assert min(timings) < 0.05

"""Cutting a text at evidence spans and page starts, so every span can be marked."""

from grmg.agreements.highlight import Mark, Piece, page_of, pieces


def test_it_cuts_overlapping_spans_into_pieces_that_name_every_provision_covering_them():
    text = "Article 1. The worker keeps her passport and may change employer."
    passport, change = text.index("The worker"), text.index(" passport")
    marks = [Mark("document_retention_ban", "ev-a-0", passport, text.index(" and")),
             Mark("employer_mobility", "ev-b-0", change, len(text) - 1)]
    assert pieces(text, marks) == [
        Piece("Article 1. "),
        Piece("The worker keeps her", ("document_retention_ban",), ("ev-a-0",)),
        Piece(" passport", ("document_retention_ban", "employer_mobility"), ("ev-b-0",)),
        Piece(" and may change employer", ("employer_mobility",)),
        Piece("."),
    ]
    assert "".join(p.text for p in pieces(text, marks)) == text


def test_it_marks_page_starts_and_ignores_spans_outside_the_text():
    text = "one\ftwo\fthree"
    assert pieces(text, [Mark("x", "ev-x-0", 5, 99)], pages=[0, 4, 8]) == [
        Piece("one\n", page=1), Piece("two\n", page=2), Piece("three", page=3)]  # a form feed shows as a new line
    assert pieces(text, [], pages=[0]) == [Piece("one\ntwo\nthree")]  # one page: no page marks


def test_it_finds_the_page_of_an_offset():
    assert [page_of(offset, [0, 4, 8]) for offset in (0, 3, 4, 12)] == [1, 1, 2, 3]
    assert page_of(5, []) is None and page_of(5, [0]) is None

"""How well the rule screener agrees with the gold labels: precision, recall and F1, per provision and overall.

Two questions are scored, each as a yes/no per (text, provision):
- addressed: the status is present or partial (absent and contrary are not);
- contrary: the status is contrary.
Each split (tuning, held out) scores its development texts (benchmarks/screening/gold) and its clause cases
(clauses-<split>.yaml), pooled and separately. Held-out results are for reporting only: never tune on them.

    .venv/bin/python benchmarks/screening_eval.py [--split tuning|heldout|both]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from grmg.core.screening.checklist import shipped_checklist
from grmg.core.screening.engine import screen

ROOT = Path(__file__).resolve().parent
GOLD = ROOT / "screening"
TEXTS = Path("/work/shared/agreements-dev")
TUNING_TEXTS = ("ilo-r86-model-agreement-1949", "philippines-korea-2006", "canada-mexico-sawp-contract-2018-2025",
                "austria-turkey-1964", "indonesia-malaysia-2006", "indonesia-saudiarabia-2014", "germany-turkey-1961",
                "philippines-uk-2021", "switzerland-italy-1964")
HELDOUT_TEXTS = ("austria-germany-1953", "austria-spain-1962", "germany-philippines-2013", "indonesia-jordan-undated",
                 "indonesia-malaysia-2011-protocol", "indonesia-uae-undated", "philippines-korea-2011",
                 "philippines-korea-2017", "us-mexico-1943-revised")
SPLITS = {"tuning": TUNING_TEXTS, "heldout": HELDOUT_TEXTS}
QUESTIONS = {"addressed": ("present", "partial"), "contrary": ("contrary",)}


@dataclass
class Tally:
    """True positives, false positives and false negatives of one yes/no question."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    def add(self, gold: bool, predicted: bool) -> None:
        """Count one decision."""
        self.tp += gold and predicted
        self.fp += predicted and not gold
        self.fn += gold and not predicted

    def __iadd__(self, other: Tally) -> Tally:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn
        return self

    def cells(self) -> list[str]:
        """Precision, recall and F1 (– where undefined) and the number of gold positives."""
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else None
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else None
        f1 = (2 * self.tp / (2 * self.tp + self.fp + self.fn)) if self.tp + self.fp + self.fn else None
        return [_figure(precision), _figure(recall), _figure(f1), str(self.tp + self.fn)]

    @property
    def f1(self) -> float | None:
        """F1, or None when there was nothing to find and nothing was found."""
        total = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / total if total else None


@dataclass
class Scores:
    """Tallies per question and provision, plus exact-status agreement."""

    tallies: dict[tuple[str, str], Tally] = field(default_factory=dict)
    exact: int = 0
    labels: int = 0

    def add(self, provision: str, gold: str, predicted: str) -> None:
        """Count one (text, provision) pair."""
        for question, statuses in QUESTIONS.items():
            self.tallies.setdefault((question, provision), Tally()).add(gold in statuses, predicted in statuses)
        self.exact += gold == predicted
        self.labels += 1

    def __iadd__(self, other: Scores) -> Scores:
        for key, tally in other.tallies.items():
            self.tallies.setdefault(key, Tally())
            self.tallies[key] += tally
        self.exact, self.labels = self.exact + other.exact, self.labels + other.labels
        return self

    def overall(self, question: str) -> Tally:
        """The micro-averaged tally of a question over every provision."""
        total = Tally()
        for (asked, _provision), tally in self.tallies.items():
            if asked == question:
                total += tally
        return total

    def macro_f1(self, question: str) -> float | None:
        """The mean F1 over the provisions where the question had something to find or found something."""
        values = [t.f1 for (asked, _p), t in self.tallies.items() if asked == question and t.f1 is not None]
        return sum(values) / len(values) if values else None


def _figure(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def score_documents(stems: Iterable[str], ids: list[str]) -> Scores:
    """Screen each development text and compare with its gold file."""
    scores = Scores()
    checklist = shipped_checklist()
    for stem in stems:
        gold = yaml.safe_load((GOLD / "gold" / f"{stem}.yaml").read_text(encoding="utf-8"))["labels"]
        text = (TEXTS / f"{stem}.txt").read_text(encoding="utf-8")
        found = {f.id: f.status for f in screen(f"{stem}.txt", text, checklist).findings}
        for provision in ids:
            scores.add(provision, gold[provision]["status"], found[provision])
    return scores


def score_clauses(split: str, ids: list[str]) -> Scores:
    """Screen each clause case (its language detected, as for any text) and compare with what it expects."""
    scores = Scores()
    checklist = shipped_checklist()
    cases = yaml.safe_load((GOLD / f"clauses-{split}.yaml").read_text(encoding="utf-8"))["cases"]
    for n, case in enumerate(cases):
        found = {f.id: f.status for f in screen(f"case {n}", case["text"], checklist).findings}
        for provision in ids:
            scores.add(provision, case["expected"].get(provision, "absent"), found[provision])
    return scores


def report(split: str) -> Iterator[str]:
    """The Markdown tables of one split."""
    ids = [item.id for item in shipped_checklist()]
    documents = score_documents(SPLITS[split], ids)
    clauses = score_clauses(split, ids)
    pooled = Scores()
    pooled += documents
    pooled += clauses
    yield f"## {split} split\n"
    yield "| scored on | question | precision | recall | F1 | gold positives | macro F1 | exact status |"
    yield "|---|---|---:|---:|---:|---:|---:|---:|"
    for name, scores in (("pooled", pooled), ("documents", documents), ("clauses", clauses)):
        for question in QUESTIONS:
            yield (f"| {name} | {question} | " + " | ".join(scores.overall(question).cells()) +
                   f" | {_figure(scores.macro_f1(question))} | {scores.exact / scores.labels:.2f} |")
    for question in QUESTIONS:
        yield f"\n### {question}, per provision ({split})\n"
        yield ("| provision | P | R | F1 | n | documents P | R | F1 | n | clauses P | R | F1 | n |")
        yield "|---|" + "---:|" * 12
        for provision in ids:
            tallies = [s.tallies[(question, provision)] for s in (pooled, documents, clauses)]
            if question == "contrary" and not any(t.tp + t.fp + t.fn for t in tallies):
                continue
            yield f"| {provision} | " + " | ".join(" | ".join(t.cells()) for t in tallies) + " |"
    yield ""


def main(argv: list[str] | None = None) -> int:
    """Print the tables of the splits asked for."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=("tuning", "heldout", "both"), default="tuning")
    split = parser.parse_args(argv).split
    for name in ("tuning", "heldout") if split == "both" else (split,):
        print("\n".join(report(name)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""How well the rule screener agrees with the gold labels: precision, recall and F1, per provision and overall.

Two questions are scored, each as a yes/no per (text, provision):
- addressed: the status is present or partial (absent and contrary are not);
- contrary: the status is contrary.
Each split scores its development texts (benchmarks/screening/gold), if it has any, and its clause cases, pooled
and separately:
- tuning: nine development texts and clauses-tuning.yaml;
- heldout: the other nine texts and clauses-heldout.yaml, held out in round 1 and seen (tuned on) in round 2;
- heldout2: clauses-heldout-2.yaml, written after round 2 and held out from it, seen (tuned on) in round 3;
- heldout3: clauses-heldout-3.yaml, written during round 3 and held out from it (clauses only).
`both` runs tuning and heldout, `all` every split; `--clauses FILE` scores any clause file of the same format.
Results on a held-out split are for reporting only: never tune on them.

    .venv/bin/python benchmarks/screening_eval.py [--split tuning|heldout|heldout2|heldout3|both|all] [--clauses FILE]
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
TEXTS = Path(__file__).resolve().parent / "screening" / "texts"
TUNING_TEXTS = ("ilo-r86-model-agreement-1949", "philippines-korea-2006", "canada-mexico-sawp-contract-2018-2025",
                "austria-turkey-1964", "indonesia-malaysia-2006", "indonesia-saudiarabia-2014", "germany-turkey-1961",
                "philippines-uk-2021", "switzerland-italy-1964")
HELDOUT_TEXTS = ("austria-germany-1953", "austria-spain-1962", "germany-philippines-2013", "indonesia-jordan-undated",
                 "indonesia-malaysia-2011-protocol", "indonesia-uae-undated", "philippines-korea-2011",
                 "philippines-korea-2017", "us-mexico-1943-revised")



@dataclass(frozen=True)
class Split:
    """A split to score: its development texts (stems of gold files) and its clause file."""

    title: str
    texts: tuple[str, ...]
    clauses: Path


SPLITS = {
    "tuning": Split("tuning split", TUNING_TEXTS, GOLD / "clauses-tuning.yaml"),
    "heldout": Split("round-1 held-out split (seen in round 2)", HELDOUT_TEXTS, GOLD / "clauses-heldout.yaml"),
    "heldout2": Split("held-out split 2 (unseen in round 2, seen in round 3)", (), GOLD / "clauses-heldout-2.yaml"),
    "heldout3": Split("held-out split 3 (unseen in round 3)", (), GOLD / "clauses-heldout-3.yaml"),
}
CHOICES = {"both": ("tuning", "heldout"), "all": ("tuning", "heldout", "heldout2", "heldout3")}
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


def score_clauses(path: Path, ids: list[str]) -> Scores:
    """Screen each clause case (its language detected, as for any text) and compare with what it expects."""
    scores = Scores()
    checklist = shipped_checklist()
    cases = yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
    for n, case in enumerate(cases):
        found = {f.id: f.status for f in screen(f"case {n}", case["text"], checklist).findings}
        for provision in ids:
            scores.add(provision, case["expected"].get(provision, "absent"), found[provision])
    return scores


def report(name: str, split: Split) -> Iterator[str]:
    """The Markdown tables of one split."""
    ids = [item.id for item in shipped_checklist()]
    documents = score_documents(split.texts, ids)
    clauses = score_clauses(split.clauses, ids)
    pooled = Scores()
    pooled += documents
    pooled += clauses
    parts = (("pooled", pooled), ("documents", documents), ("clauses", clauses)) if split.texts else (
        ("clauses", clauses),)
    where = f"{len(split.texts)} development texts and " if split.texts else ""
    yield f"## {split.title}\n"
    yield f"Scored on {where}{_shown(split.clauses)} ({clauses.labels // len(ids)} cases).\n"
    yield "| scored on | question | precision | recall | F1 | gold positives | macro F1 | exact status |"
    yield "|---|---|---:|---:|---:|---:|---:|---:|"
    for part, scores in parts:
        for question in QUESTIONS:
            yield (f"| {part} | {question} | " + " | ".join(scores.overall(question).cells()) +
                   f" | {_figure(scores.macro_f1(question))} | {scores.exact / scores.labels:.2f} |")
    for question in QUESTIONS:
        yield f"\n### {question}, per provision ({name})\n"
        if split.texts:
            yield "| provision | P | R | F1 | n | documents P | R | F1 | n | clauses P | R | F1 | n |"
            yield "|---|" + "---:|" * 12
        else:
            yield "| provision | P | R | F1 | n |"
            yield "|---|" + "---:|" * 4
        for provision in ids:
            tallies = [s.tallies[(question, provision)] for _part, s in parts]
            if question == "contrary" and not any(t.tp + t.fp + t.fn for t in tallies):
                continue
            yield f"| {provision} | " + " | ".join(" | ".join(t.cells()) for t in tallies) + " |"
    yield ""


def _shown(path: Path) -> str:
    try:
        return str(path.relative_to(ROOT.parent))
    except ValueError:
        return str(path)


def main(argv: list[str] | None = None) -> int:
    """Print the tables of the splits asked for."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=(*SPLITS, *CHOICES), default=None,
                        help="the split(s) to score (default: tuning, unless --clauses is given)")
    parser.add_argument("--clauses", type=Path, action="append", default=[], metavar="FILE",
                        help="also score this clause file (any number of times)")
    options = parser.parse_args(argv)
    names = CHOICES.get(options.split, (options.split,)) if options.split else () if options.clauses else (
        "tuning",)
    chosen = [(name, SPLITS[name]) for name in names]
    chosen += [(path.stem, Split(f"clause file {path}", (), path)) for path in options.clauses]
    missing = [split.clauses for _name, split in chosen if not split.clauses.is_file()]
    if missing:
        parser.error("no such clause file: " + ", ".join(map(str, missing)))
    for name, split in chosen:
        print("\n".join(report(name, split)))
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""Speed of the optional semantic matcher on one core: model load, and matching a 20-page agreement.

Each run is a fresh process pinned to core 0 with one torch thread, as a laptop user running
`grmg agreements screen` would see it; the figures are medians of --runs runs. The agreement is composed from
the clauses below (written for this benchmark): ~60,000 characters in ~340 numbered clauses.

    .venv/bin/python benchmarks/semantic_speed.py [--runs 3]
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import statistics
import subprocess
import sys
import time
from typing import Any

CLAUSES = [
    "The employer shall pay the wages of the worker in full at the end of each month into a bank account opened in "
    "the worker's name, and shall give the worker a payslip showing the hours worked and every deduction made.",
    "Normal working hours shall not exceed eight hours a day and forty-eight hours a week; any work beyond these "
    "hours shall be voluntary and paid at one and a half times the normal rate.",
    "The worker is entitled to one full day of rest each week and to fourteen days of paid annual leave after "
    "twelve months of continuous service with the same employer.",
    "The employer and the recruitment agency shall not hold the passport, residence card or any other identity "
    "document of the worker, who shall keep them at all times.",
    "No fee or cost of recruitment, including visa, medical examination and air travel, shall be charged to the "
    "worker, whether directly or by deduction from wages.",
    "Only recruitment agencies licensed by the competent ministry of the sending country may recruit workers under "
    "this Memorandum, and the ministry shall suspend the licence of any agency found to have deceived a worker.",
    "The employer shall provide the worker with clean and safe accommodation, with a separate room that can be "
    "locked, adequate sanitation and sufficient food, free of charge.",
    "The worker shall be covered by the health insurance scheme of the receiving country from the day of arrival, "
    "and the employer shall pay the contributions.",
    "A worker who is injured at work or falls ill because of the work shall receive compensation in accordance with "
    "the law on work injuries of the receiving country.",
    "The employer shall bear the cost of the return ticket of the worker at the end of the contract, and in case of "
    "death the cost of transporting the remains to the worker's home.",
    "The worker may bring any complaint concerning the contract before the labour office or the courts of the "
    "receiving country, and shall have the help of an interpreter free of charge.",
    "The Parties shall establish a Joint Working Group which shall meet once a year to review the implementation of "
    "this Memorandum and to propose solutions to the problems that arise.",
    "Before departure every worker shall attend an orientation course on the laws, customs and working conditions "
    "of the receiving country and on the rights set out in the employment contract.",
    "The employment contract shall be drawn up in the standard form annexed to this Memorandum, in the language of "
    "the worker and in English, and shall be signed before the worker leaves the sending country.",
    "The worker shall not be subjected to physical, verbal or sexual abuse, and the employer shall take measures to "
    "prevent harassment at the workplace.",
    "The embassy of the sending country may assist its nationals in disputes with their employers and visit them "
    "when they are detained or in hospital.",
    "Workers shall be free to transfer their savings and earnings to their home country through the banking system "
    "without any restriction.",
    "This Memorandum shall enter into force on the date of its signature and shall remain in force for a period of "
    "five years, after which it shall be renewed automatically for further periods of five years.",
    "For the purposes of this Memorandum, the term employer means a natural or legal person in the receiving "
    "country who employs a worker under a contract approved by the competent authorities.",
    "The employer shall submit to the recruitment agency a job order stating the number of workers required, the "
    "positions to be filled and the qualifications needed for each position.",
    "The worker shall comply with the laws and regulations of the receiving country and respect its customs and "
    "traditions during the period of employment.",
    "The Parties shall exchange information on the number of workers deployed and returned each year, with separate "
    "figures for women and men.",
    "The sending country shall provide returning workers with programmes for their reintegration, including "
    "training, advice on investment and help in finding employment.",
    "Any dispute between the Parties concerning the interpretation or application of this Memorandum shall be "
    "settled amicably through consultation and negotiation through diplomatic channels.",
    "The worker may change employer with the approval of the labour office when the employer fails to pay wages "
    "for two months or when the worker has been abused.",
    "Domestic workers employed in private households shall enjoy the protection of this Memorandum, including the "
    "right to a weekly day off and to keep a mobile telephone.",
    "The Parties shall cooperate in the recognition of the skills and qualifications of the workers and in the "
    "provision of vocational training during employment.",
    "In witness whereof, the undersigned, being duly authorised by their respective Governments, have signed this "
    "Memorandum in two originals in the English language.",
    "The selection of candidates shall be carried out by the public employment service of the sending country on "
    "the basis of the qualifications stated in the job order.",
    "Female workers shall not be required to take a pregnancy test, and a worker who becomes pregnant shall not be "
    "dismissed or sent home for that reason.",
]


def agreement(chars: int = 60_000) -> list[str]:
    """Numbered clauses from CLAUSES, in a shifting order, until the text is about `chars` long."""
    clauses: list[str] = []
    total, n = 0, 0
    while total < chars:
        text = f"{n % 12 + 1}. {CLAUSES[(n * 7) % len(CLAUSES)]}"
        clauses.append(text)
        total += len(text) + 2
        n += 1
    return clauses


def child() -> dict[str, float | int | str]:
    """One timed run in this process: imports, model load, first match (with prototypes), a second match."""
    os.sched_setaffinity(0, {0})
    started = time.perf_counter()
    from grmg.core.screening.checklist import shipped_checklist
    from grmg.core.screening.semantic import OFFLINE_ENVIRONMENT, SemanticMatcher, load_model

    imported = time.perf_counter()
    os.environ.update(OFFLINE_ENVIRONMENT)
    for module in ("torch", "tokenizers", "safetensors.torch"):  # what the plain-torch encoder imports
        importlib.import_module(module)
    extra = time.perf_counter()
    load_model()
    loaded = time.perf_counter()
    torch = importlib.import_module("torch")
    torch.set_num_threads(1)
    text, clauses = composed()
    matcher, checklist = SemanticMatcher(), shipped_checklist()
    first = time.perf_counter()
    found = matcher.match(clauses, checklist, "en")
    second = time.perf_counter()
    matcher.match(clauses, checklist, "en")
    done = time.perf_counter()
    return {"import_s": imported - started, "import_extra_s": extra - imported, "load_model_s": loaded - extra,
            "first_match_s": second - first, "warm_match_s": done - second, "total_s": second - started,
            **screening(text, matcher, checklist), "clauses": len(clauses), "chars": len(text),
            "matched_pairs": sum(len(v) for v in found.values()),
            "bf16": str(getattr(torch.cpu, "_is_avx512_bf16_supported", lambda: False)())}


def composed() -> tuple[str, list[Any]]:
    """The composed agreement as one text and as its clauses with offsets."""
    from grmg.core.screening import Clause

    clauses, start = [], 0
    for i, text in enumerate(agreement()):
        clauses.append(Clause(i, start, start + len(text), text))
        start += len(text) + 2
    return "\n\n".join(clause.text for clause in clauses), clauses


def screening(text: str, matcher: Any, checklist: Any) -> dict[str, float]:
    """The rules and the semantic matcher together on the text (prototypes already embedded), if the engine runs."""
    try:
        from grmg.core.screening.engine import screen
    except ImportError:  # the rule engine is optional for this benchmark
        return {}
    started = time.perf_counter()
    screen("composed.txt", text, checklist, semantic=matcher, language="en")
    return {"screen_with_semantic_warm_s": time.perf_counter() - started}


def main() -> None:
    """Run the child --runs times in fresh processes and print the medians."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child()))
        return
    environment = {**os.environ, "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}
    runs = [json.loads(subprocess.run([sys.executable, __file__, "--child"], capture_output=True, text=True,
                                      check=True, env=environment).stdout.splitlines()[-1])
            for _ in range(args.runs)]
    print(f"one core, median of {len(runs)} fresh processes; {runs[0]['clauses']} clauses, {runs[0]['chars']} "
          f"characters, {runs[0]['matched_pairs']} (clause, provision) matches, bf16: {runs[0]['bf16']}")
    for key in ("import_s", "import_extra_s", "load_model_s", "first_match_s", "warm_match_s", "total_s",
                "screen_with_semantic_warm_s"):
        values = [float(run[key]) for run in runs if key in run]
        if not values:
            continue
        print(f"  {key:28} {statistics.median(values):6.2f}   runs: {', '.join(f'{v:.2f}' for v in values)}")


if __name__ == "__main__":
    main()

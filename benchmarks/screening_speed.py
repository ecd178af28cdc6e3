"""Speed of `grmg agreements screen` on one core: read a 20-page PDF agreement, segment it and screen it.

The agreement is composed from the articles below (written for this benchmark, in the usual wording of bilateral
labour agreements: some protective, some hedged, some restrictive) and printed to PDF with WeasyPrint, about 3,000
characters a page. The process is pinned to core 0; the figures are the median of --runs runs after one warm-up,
plus the first run of the process (which also compiles the rule files). With the semantic extra installed and its
model loadable, the same is timed with semantic matching (the model load itself is reported apart).

    .venv/bin/python benchmarks/screening_speed.py [--runs 7] [--pages 20]
"""

from __future__ import annotations

import argparse
import html
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from grmg.core.screening.checklist import shipped_checklist
from grmg.core.screening.engine import Matcher, screen
from grmg.documents import read_document

ARTICLES = [
    ("Purpose", "This Agreement sets out the principles and procedures for the recruitment, placement and "
     "protection of workers from the sending State who take up employment in the receiving State, women and men "
     "alike, in the domestic, care, construction and agricultural sectors."),
    ("Competent authorities", "The competent authorities responsible for carrying out this Agreement are the "
     "ministry in charge of labour of the sending State and the ministry in charge of manpower of the receiving "
     "State. Each Party shall notify the other in writing of any change in its competent authority."),
    ("Recruitment", "Recruitment shall be carried out by the public employment service of the sending State or "
     "by private agencies holding a valid licence issued by it. An agency that misleads a worker about the nature "
     "of the job or the wage shall have its licence suspended, and the agency and the employer shall be jointly "
     "liable for any loss the worker suffers."),
    ("Costs of recruitment", "The employer shall bear the costs of the visa, the work permit, the medical "
     "examination and the air ticket to the place of work. No worker shall be asked to pay any fee for being "
     "recruited or placed, whether directly, through a relative or by deductions from wages."),
    ("Employment contract", "Each worker shall sign, before departure, an employment contract in the standard "
     "form set out in Annex 1, written in a language the worker reads. The labour attaché of the sending State "
     "shall check every contract, and no contract shall be replaced by one less favourable after arrival."),
    ("Wages", "Wages shall be paid monthly, in full and on time, into an account opened in the name of the "
     "worker. The wage shall not be lower than the minimum wage of the receiving State, and the employer shall "
     "make no deduction other than those the law allows."),
    ("Hours and rest", "Normal working hours shall not exceed eight hours a day. Every worker is entitled to one "
     "full day off each week, to the public holidays of the receiving State and to paid annual leave of at least "
     "fourteen days. Work beyond normal hours shall be voluntary and paid at a higher rate."),
    ("Travel and identity documents", "Passports, residence cards and work permits belong to the worker, who "
     "shall keep them. The employer and the agency shall not take, hold or confiscate them for any reason."),
    ("Accommodation and food", "Where the employer provides housing, it shall be safe and decent, with a room "
     "that the worker can lock, clean water, sanitation and enough food of good quality."),
    ("Safety at work", "The employer shall comply with the rules on occupational safety and health of the "
     "receiving State, give the worker protective equipment free of charge and train the worker in its use."),
    ("Health care", "Workers shall be covered by health insurance from the first day of employment. The Parties "
     "shall endeavour to ensure that women workers have access to sexual and reproductive health services."),
    ("Maternity", "No worker shall be dismissed, sent home or made to leave the receiving State because she is "
     "pregnant, and women workers are entitled to maternity leave under the law of the receiving State."),
    ("Social security", "Workers shall be insured against employment injury and shall receive an end-of-service "
     "benefit of one month's wage for every year of service."),
    ("Freedom of association", "Workers may join the trade unions and associations of their choice and take "
     "part in their activities on the same terms as nationals."),
    ("Change of employer", "A worker may move to another employer at the end of the contract. During the "
     "contract, a change of employer requires the approval of the competent authority of the receiving State."),
    ("Violence and harassment", "Employers shall protect workers from physical, psychological and sexual "
     "violence and harassment, including gender-based violence, at the workplace and in the employer's home."),
    ("Complaints", "A worker may file a complaint with the labour office of the receiving State, which shall "
     "hear it without charge. The sending State shall run a telephone hotline and give legal aid to workers who "
     "take a claim to court, including after their return home."),
    ("Shelters", "The embassy of the sending State shall maintain a shelter for workers in distress and provide "
     "them with psychosocial counselling and medical help."),
    ("Orientation", "Before departure, workers shall attend a pre-departure orientation seminar on their rights, "
     "their contract and the services available to them in the receiving State."),
    ("Family", "Workers shall be free to communicate with their families and to keep a mobile telephone. The "
     "Parties may consider ways to make family visits easier."),
    ("Return", "At the end of the contract, the employer shall pay for the return journey of the worker. In case "
     "of death, the employer shall bear the cost of repatriating the remains."),
    ("Reintegration", "The sending State shall offer returning workers reintegration services, including "
     "training, job placement and advice on starting a business."),
    ("Skills", "The Parties shall cooperate in the recognition of the qualifications and skills of workers and "
     "in vocational training that upgrades their skills."),
    ("Remittances", "Workers may transfer their earnings and savings to the sending State through banks at low "
     "cost, and the Parties shall promote financial literacy among workers and their families."),
    ("Joint Committee", "The Parties shall set up a Joint Committee which shall meet at least once a year to "
     "monitor the implementation of this Agreement and to settle any difficulty that arises from it."),
    ("Social partners", "Representatives of workers' and employers' organisations and of civil society shall be "
     "invited to take part in the meetings of the Joint Committee."),
    ("Data", "The Parties shall exchange every year statistics on the workers placed under this Agreement, "
     "broken down by sex, age, occupation and sector."),
    ("Publication", "Each Party shall publish this Agreement and give a copy of it to every worker before "
     "departure."),
    ("Consular assistance", "The labour attachés of the sending State may visit workplaces and shall assist "
     "workers of the sending State who are in difficulty."),
    ("Restrictions", "Women under the age of twenty-three shall not be recruited for domestic work, and every "
     "woman applicant shall undergo a pregnancy test before departure."),
    ("Settlement of disputes", "Any dispute between the Parties about the interpretation or application of this "
     "Agreement shall be settled amicably through consultations."),
    ("Entry into force and duration", "This Agreement shall enter into force on the date of its signature and "
     "remain in force for three years. It shall be renewed automatically unless a Party gives six months' notice "
     "in writing, and it may be amended by mutual consent."),
]
PAGE = ("@page { size: A4; margin: 2cm; } body { font: 9.5pt/1.35 serif; } p { margin: 0 0 0.4em; } "
        "h2 { font-size: 9.5pt; margin: 0.6em 0 0.1em; }")


def agreement_html(pages: int) -> str:
    """An agreement of about `pages` A4 pages (~3,000 characters each), its articles numbered in turn."""
    parts = ["<h1>Agreement between the Government of the Sending State and the Government of the Receiving "
             "State on the recruitment, placement and protection of migrant workers</h1>"]
    size, number = 0, 0
    while size < pages * 3000:
        title, body = ARTICLES[number % len(ARTICLES)]
        number += 1
        parts.append(f"<h2>Article {number}. {html.escape(title)}</h2><p>{number}. {html.escape(body)}</p>")
        size += len(title) + len(body) + 20
    return f"<html><head><style>{PAGE}</style></head><body>{''.join(parts)}</body></html>"


def pdf_of(markup: str) -> bytes:
    """The PDF WeasyPrint prints from the markup."""
    from weasyprint import HTML

    return HTML(string=markup).write_pdf()


def timed(action: Callable[[], object], runs: int) -> tuple[float, float]:
    """The first run's time and the median of `runs` more, in seconds."""
    start = time.perf_counter()
    action()
    first = time.perf_counter() - start
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return first, statistics.median(times)


def read_segment_screen(data: bytes, matcher: Matcher | None) -> Callable[[], object]:
    """One full screening of the PDF, as the CLI does it."""
    def run() -> object:
        document = read_document(data, "agreement.pdf")
        return screen("agreement.pdf", document.text, shipped_checklist(), semantic=matcher)
    return run


def segment_screen(text: str, matcher: Matcher | None) -> Callable[[], object]:
    """Segmenting and screening text already read."""
    return lambda: screen("agreement.pdf", text, shipped_checklist(), semantic=matcher)


def report(label: str, action: Callable[[], object], runs: int) -> None:
    """Print the first-run and median times of an action."""
    first, median = timed(action, runs)
    print(f"| {label} | {first:.3f} | {median:.3f} |")


def semantic_matcher() -> tuple[Matcher | None, str]:
    """The semantic matcher with its model loaded, or None and why not."""
    try:
        from grmg.core.screening import semantic
        matcher = semantic.SemanticMatcher()
        start = time.perf_counter()
        semantic.load_model()
        return matcher, f"model loaded in {time.perf_counter() - start:.2f} s"
    except Exception as exc:  # the extra is optional: any failure to load it only skips its figures
        return None, f"not timed: {exc}"


def main(argv: list[str] | None = None) -> int:
    """Build the PDF, time the screening on core 0 and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--pages", type=int, default=20)
    options = parser.parse_args(argv)
    os.sched_setaffinity(0, {0})
    data = pdf_of(agreement_html(options.pages))
    document = read_document(data, "agreement.pdf")
    with tempfile.NamedTemporaryFile(suffix=".pdf", delete=False) as saved:
        saved.write(data)
    print(f"command: {Path(sys.executable).name} benchmarks/screening_speed.py --runs {options.runs} "
          f"--pages {options.pages}")
    print(f"agreement: {len(document.pages)} PDF pages, {len(document.text):,} characters ({saved.name})")
    print(f"\n| one core, seconds | first run | median of {options.runs} |\n|---|---:|---:|")
    report("segment + screen, rules (first run compiles the rule files)", segment_screen(document.text, None),
           options.runs)
    report("read PDF + segment + screen, rules", read_segment_screen(data, None), options.runs)
    report("read PDF only", lambda: read_document(data, "agreement.pdf"), options.runs)
    matcher, note = semantic_matcher()
    if matcher is None:
        print(f"\nrules + semantic: {note}")
        return 0
    try:
        import torch
        torch.set_num_threads(1)
    except ImportError:
        pass
    report("segment + screen, rules + semantic", segment_screen(document.text, matcher), options.runs)
    report("read PDF + segment + screen, rules + semantic", read_segment_screen(data, matcher), options.runs)
    print(f"\nsemantic: {note}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

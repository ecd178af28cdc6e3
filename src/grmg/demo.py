"""Demo data: a fictional country, Demoria, with two rounds and two perspectives; and generated load data.

Everything made here is marked as demo (`is_demo`) and says so wherever it is shown. No figure here
describes a real country.
"""

from __future__ import annotations

import csv
import io
import random
import secrets
import tempfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext_noop

from grmg.agreements.demo import create_demo_agreements
from grmg.agreements.models import Agreement
from grmg.assessments import services
from grmg.assessments.models import (
    Assessment,
    ComponentStatus,
    CriterionScore,
    Evidence,
    Perspective,
    Round,
    Status,
)
from grmg.core.framework import Criterion, Framework
from grmg.countries.models import Country
from grmg.frameworks.models import FrameworkVersion
from grmg.frameworks.services import ensure_shipped
from grmg.indicators.models import IndicatorSet
from grmg.laws.models import DiscriminatoryProvision, NationalInstrument
from grmg.organisations.models import Membership, Organisation, Role
from grmg.standards.services import ensure_reference_data

DEMO_ISO3 = "XDM"  # ISO 3166 reserves XAA–XZZ for user-assigned codes: no real country has it
DEMO_NAME = "Demoria"
DEMO_YEARS = (2023, 2025)


@dataclass(frozen=True)
class DemoUser:
    """A demo account and what it is for."""

    username: str
    role: str
    organisation: str
    description: str


MINISTRY = "Ministry of Labour and Migration of Demoria (demo)"
NETWORK = "Demoria Women Migrant Workers' Network (demo)"
INSTITUTE = "Demoria Institute for Migration Research (demo)"
ORGANISATIONS = {
    MINISTRY: Organisation.Kind.GOVERNMENT_MINISTRY,
    NETWORK: Organisation.Kind.MIGRANT_LED,
    INSTITUTE: Organisation.Kind.RESEARCH_INSTITUTE,
}
USERS = (
    DemoUser("focal", Role.FOCAL_POINT, MINISTRY, gettext_noop("focal point: scores the government self-assessment")),
    DemoUser("cso", Role.ASSESSOR, NETWORK, gettext_noop("assessor: scores the civil-society (shadow) assessment")),
    DemoUser("reviewer", Role.REVIEWER, INSTITUTE, gettext_noop("reviewer: reviews submitted components")),
    DemoUser("viewer", Role.VIEWER, INSTITUTE, gettext_noop("viewer: reads everything about Demoria, changes nothing")),
)
ADMIN_USERNAME = "admin"


@dataclass(frozen=True)
class DemoLogin:
    """How to log in to the demo."""

    password: str
    users: tuple[DemoUser, ...]
    admin: str


def _level(criterion: Criterion, quality: float, perspective: str) -> str:
    keys = criterion.scoring_method.level_keys
    # The same criterion leans the same way in every round of a perspective, so rounds differ by real moves.
    lean = random.Random(f"demoria-{perspective}-{criterion.id}").choice((-1, 0, 0, 0, 1)) * 0.6
    position = quality * (len(keys) - 1) + lean
    return keys[max(0, min(len(keys) - 1, round(position)))]


def _component_quality(framework: Framework) -> dict[str, float]:
    rng = random.Random("demoria-components")
    return {component.id: rng.uniform(0.25, 0.8) for component in framework.components()}


@transaction.atomic
def create_demo() -> DemoLogin:
    """Create Demoria and its assessments once; every call gives the demo users a fresh password."""
    version = ensure_shipped()
    country, _created = Country.objects.get_or_create(iso3=DEMO_ISO3, defaults={"name": DEMO_NAME, "is_demo": True})
    organisations = {
        name: Organisation.objects.get_or_create(name=name, defaults={"kind": kind, "country": country,
                                                                      "is_demo": True})[0]
        for name, kind in ORGANISATIONS.items()
    }
    password = secrets.token_urlsafe(9)
    accounts: dict[str, User] = {}
    for spec in USERS:
        user, _created = User.objects.get_or_create(username=spec.username)
        user.set_password(password)
        user.save()
        accounts[spec.username] = user
        Membership.objects.get_or_create(user=user, organisation=organisations[spec.organisation], country=country,
                                         defaults={"role": spec.role})
    admin, _created = User.objects.get_or_create(username=ADMIN_USERNAME)
    admin.is_staff = admin.is_superuser = True
    admin.set_password(password)
    admin.save()
    if not Round.objects.filter(country=country).exists():
        _demo_rounds(country, version, organisations, accounts)
    if not NationalInstrument.objects.filter(country=country).exists():
        _demo_baseline(country, accounts["focal"])
    if not IndicatorSet.objects.filter(country=country).exists():
        _demo_monitoring(country, organisations, accounts)
    if not Agreement.objects.filter(country=country).exists():
        create_demo_agreements(country, accounts["focal"])
    return DemoLogin(password, USERS, ADMIN_USERNAME)


# Indicator, baseline year and value, target year and value.
DEMO_SET: tuple[tuple[str, int, float, int, float], ...] = (
    ("MW_DEPLOYED", 2021, 52000.0, 2030, 60000.0),
    ("SDG_10_7_1", 2021, 38.0, 2030, 15.0),
    ("CONTRACT_BEFORE_DEPARTURE", 2021, 55.0, 2030, 95.0),
    ("COMPLAINTS_RESOLVED_90D", 2021, 30.0, 2030, 70.0),
)


def _demo_monitoring(country: Country, organisations: dict[str, Organisation], accounts: dict[str, User]) -> None:
    """An indicator set endorsed by the ministry and the network, invented observations, and a computed table."""
    from grmg.indicators import imports
    from grmg.indicators import services as indicators
    from grmg.indicators.models import Indicator

    indicators.ensure_registry()
    items = [(Indicator.objects.get(code=code), first, baseline, last, target)
             for code, first, baseline, last, target in DEMO_SET]
    proposed = indicators.propose_set(country, organisations[MINISTRY], "Labour migration indicators 2021–2030 (demo)",
                                      items)
    indicators.comment(proposed, organisations[NETWORK], "Demo comment: add the share of complaints by women "
                       "resolved within 90 days.", accounts["cso"])
    indicators.endorse(proposed, organisations[MINISTRY], "Demo endorsement.", accounts["focal"])
    indicators.endorse(proposed, organisations[NETWORK], "Demo endorsement, with the comment taken up.",
                       accounts["cso"])
    rng = random.Random("demoria-indicators")
    lines = ["Year,Indicator,Sex,Destination,Value"]
    for year in range(2021, 2026):
        women, men = 21000 + 900 * (year - 2021), 31000 + 500 * (year - 2021)
        lines += [f"{year},MW_DEPLOYED,,,{women + men}", f"{year},MW_DEPLOYED,female,,{women}",
                  f"{year},MW_DEPLOYED,male,,{men}"]
        for destination, share in (("SAU", 0.4), ("ARE", 0.3), ("MYS", 0.2)):
            lines.append(f"{year},MW_DEPLOYED,female,{destination},{round(women * share)}")
        cost_women, cost_men = 41 - 3 * (year - 2021) + rng.uniform(-1, 1), 33 - 2 * (year - 2021)
        lines += [f"{year},SDG_10_7_1,female,,{cost_women:.1f}", f"{year},SDG_10_7_1,male,,{cost_men:.1f}"]
        resolved = 30 + 5 * (year - 2021)
        lines += [f"{year},COMPLAINTS_RESOLVED_90D,female,,{resolved - 4}",
                  f"{year},COMPLAINTS_RESOLVED_90D,male,,{resolved + 3}"]
    imports.import_file(io.BytesIO("\n".join(lines).encode()), "demoria-indicators-demo.csv",
                        accounts["focal"], imports.Defaults(country=country.iso3))
    with tempfile.TemporaryDirectory() as folder:
        records = Path(folder) / "demoria-departure-survey-demo.csv"
        _demo_survey(records, rng)
        imports.import_microdata(records, DEMO_SURVEY_SPEC, "demo-survey-spec.yaml", country, None,
                                 accounts["focal"])


DEMO_SURVEY_SPEC = """
indicators:
  - code: CONTRACT_BEFORE_DEPARTURE
    numerator: "CASE WHEN contract_before_departure THEN 100 ELSE 0 END"
    denominator: "1"
    weight: weight
    by: [[year, sex], [year, sex, destination]]
    min_units: 5
"""


def _demo_survey(path: Path, rng: random.Random) -> None:
    """Invented survey records of departing workers, with a few women to Qatar: a cell too small to publish."""
    with path.open("w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["year", "sex", "destination", "weight", "contract_before_departure"])
        for year in range(2021, 2026):
            for n in range(160):
                sex = "female" if n % 5 < 2 else "male"
                destination = rng.choice(("SAU", "ARE", "MYS"))
                chance = 0.55 + 0.08 * (year - 2021) - (0.1 if sex == "female" else 0)
                writer.writerow([year, sex, destination, rng.choice((80, 100, 120)), rng.random() < chance])
            for _n in range(rng.randint(2, 4)):
                writer.writerow([year, "female", "QAT", 100, rng.random() < 0.5])


DEMO_RATIFICATIONS = (
    ("CEDAW", "party", 1985), ("OP-CEDAW", "signatory", None), ("ICMW", "no_action", None),
    ("ILO-C189", "party", 2016), ("ILO-C190", "no_action", None), ("ILO-C097", "party", 1960),
    ("ILO-C181", "no_action", None),
)
DEMO_LAWS = {
    "oea": ("Overseas Employment Act 2012 (demo, fictional)", NationalInstrument.Kind.LAW, 2012,
            "Article 14. Women under 25 years of age shall not be deployed as domestic workers abroad.\n"
            "Article 22. No recruitment agency shall charge a worker any fee or cost of recruitment.\n"
            "Article 30. The Ministry shall provide a pre-departure orientation to every worker."),
    "code": ("Labour Code 2005, as amended (demo, fictional)", NationalInstrument.Kind.LAW, 2005,
             "Article 3. This Code does not apply to domestic workers.\n"
             "Article 7. Men and women shall receive equal pay for work of equal value in the formal sector."),
}
DEMO_REVIEWS = (
    ("CEDAW", "Art. 11", "code", "Art. 7", "partly_compliant",
     "Equal pay applies only to the formal sector; domestic and agricultural work are left out."),
    ("CEDAW-GR26", "para. 24(a)", "oea", "Art. 14", "not_compliant",
     "An age-based deployment ban applies to women domestic workers only."),
    ("ILO-C189", "Art. 10", "code", "Art. 3", "not_compliant", "Domestic workers are excluded from the Code."),
    ("ILO-C181", "Art. 7", "oea", "Art. 22", "compliant", "Workers may not be charged recruitment fees or costs."),
    ("CEDAW-GR26", "para. 24(b)", "oea", "Art. 30", "partly_compliant",
     "Orientation is required, but its content is not gender-specific."),
)


def _demo_baseline(country: Country, user: User) -> None:
    """Ratification records, laws, reviews and discriminatory provisions of Demoria, all fictional."""
    from grmg.laws import services as laws
    from grmg.standards.models import Instrument, Provision
    from grmg.standards.services import record_by_hand

    ensure_reference_data()
    for code, status, year in DEMO_RATIFICATIONS:
        record_by_hand(country, Instrument.objects.get(code=code), status, year,
                       "Demo record (fictional), Ministry of Foreign Affairs of Demoria", date(2025, 6, 30), "", user)
    stored = {key: laws.add_law(country, title=title, kind=kind, year=year, status=NationalInstrument.Status.IN_FORCE,
                                text=text, user=user)
              for key, (title, kind, year, text) in DEMO_LAWS.items()}
    for code, ref, law, article, status, evidence in DEMO_REVIEWS:
        provision = Provision.objects.filter(instrument__code=code, ref=ref).first()
        if provision is not None:
            laws.review_provision(country, provision, law=stored[law], status=status, evidence=evidence,
                                  article=article, user=user)
    gr26_return = Provision.objects.filter(instrument__code="CEDAW-GR26", ref="para. 24(i)").first()
    if gr26_return is not None:
        laws.review_provision(country, gr26_return, law=None, status="not_addressed",
                              evidence="No law or programme provides services to women on return.", user=user)
    Kind = DiscriminatoryProvision.Kind
    laws.record_discriminatory(country, kind=Kind.AGE_LIMIT, law=stored["oea"], article="Art. 14",
                               group_affected="Women under 25 seeking work as domestic workers abroad",
                               description="Bars their deployment; men of any age may be deployed.",
                               status=DiscriminatoryProvision.Status.IN_FORCE, user=user)
    laws.record_discriminatory(country, kind=Kind.DOMESTIC_WORK_EXCLUSION, law=stored["code"], article="Art. 3",
                               group_affected="Domestic workers, most of them women",
                               description="Excludes them from the whole Labour Code.",
                               status=DiscriminatoryProvision.Status.IN_FORCE, user=user)
    laws.record_discriminatory(country, kind=Kind.PREGNANCY_TESTING, article="Circular 4/2015",
                               group_affected="Women applying for pre-departure clearance",
                               description="Required a pregnancy test; repealed in 2019.",
                               status=DiscriminatoryProvision.Status.REPEALED, user=user)


def _demo_rounds(country: Country, version: FrameworkVersion, organisations: dict[str, Organisation],
                 accounts: dict[str, User]) -> None:
    framework = version.framework
    quality = _component_quality(framework)
    improved = {cid for n, cid in enumerate(sorted(quality)) if n % 5 in (0, 2, 3)}
    authors = {Perspective.GOVERNMENT: (MINISTRY, "focal"), Perspective.CIVIL_SOCIETY: (NETWORK, "cso")}
    for year in DEMO_YEARS:
        later = year == DEMO_YEARS[-1]
        assessment_round = services.create_round(
            country, year, version,
            [(p, organisations[org]) for p, (org, _user) in authors.items()], accounts["focal"],
        )
        for assessment in assessment_round.assessments.all():
            _org, username = authors[Perspective(assessment.perspective)]
            user = accounts[username]
            rng = random.Random(f"demoria-{year}-{assessment.perspective}")
            shift = -0.18 if assessment.perspective == Perspective.CIVIL_SOCIETY else 0.0
            for criterion in framework.criteria():
                component_id = framework.component_of(criterion.id).id
                if later and assessment.perspective == Perspective.CIVIL_SOCIETY and rng.random() < 0.2:
                    continue  # the shadow assessment of the later round is still in progress
                level_quality = quality[component_id] + shift + (0.2 if later and component_id in improved else 0)
                level = _level(criterion, max(0.0, min(1.0, level_quality)), assessment.perspective)
                services.save_score(assessment, criterion.id, level, _rationale(criterion, level), 0, user)
                if rng.random() < 0.8:
                    services.add_evidence(
                        assessment, criterion.id, Evidence.Kind.CITATION, "",
                        citation=f"Demo citation (fictional): Demoria {_source(rng)}, {year - 1}, "
                                 f"section {rng.randint(2, 40)}.", user=user)
                if rng.random() < 0.3:
                    services.add_evidence(
                        assessment, criterion.id, Evidence.Kind.LINK, f"Demo link: {criterion.id} ({year})",
                        url=f"https://example.org/demoria/{year}/{criterion.id}", user=user)
            _demo_statuses(assessment, framework, later, accounts)


def _rationale(criterion: Criterion, level: str) -> str:
    return f"Demo rationale (invented): the level '{level}' fits the descriptor: {criterion.levels[level]}"


def _source(rng: random.Random) -> str:
    return rng.choice(("Labour Code", "Overseas Employment Act", "National Migration Policy",
                       "annual report of the Migrant Workers' Welfare Office", "budget law",
                       "minutes of the inter-ministerial committee", "pre-departure training manual"))


def _demo_statuses(assessment: Assessment, framework: Framework, later: bool,
                   accounts: dict[str, User]) -> None:
    walk = {
        Status.SUBMITTED: [(Status.SUBMITTED, "focal")],
        Status.REVIEWED: [(Status.SUBMITTED, "focal"), (Status.REVIEWED, "reviewer")],
        Status.VALIDATED: [(Status.SUBMITTED, "focal"), (Status.REVIEWED, "reviewer"), (Status.VALIDATED, "focal")],
    }
    for pillar in framework.pillars:
        if not later:
            goal = Status.VALIDATED
        elif assessment.perspective == Perspective.CIVIL_SOCIETY:
            continue
        else:
            goal = {"establish": Status.REVIEWED, "implement": Status.SUBMITTED}.get(pillar.id, Status.DRAFT)
        for component in pillar.components:
            for target, username in walk.get(goal, []):
                services.transition(assessment, component.id, target, accounts[username])


def generated_countries(count: int) -> Iterator[tuple[str, str]]:
    """ISO codes and names for generated countries, from the user-assigned range XAA–XZZ."""
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    codes = (f"X{a}{b}" for a in letters for b in letters)
    for n, code in enumerate((c for c in codes if c != DEMO_ISO3), start=1):
        if n > count:
            return
        yield code, f"Generated country {n:03d}"


def generate(countries: int, rounds: int, perspectives: int,
             progress: Callable[[int], None] | None = None) -> int:
    """Generated demo data for load tests: fictional countries, each with rounds and perspectives fully scored.

    Returns the number of criterion scores written. Uses bulk inserts, so no change history is kept.
    """
    version = ensure_shipped()
    framework = version.framework
    kinds = list(Perspective)[:perspectives]
    written = 0
    for iso3, name in generated_countries(countries):
        with transaction.atomic():
            country, _created = Country.objects.get_or_create(iso3=iso3, defaults={"name": name, "is_demo": True})
            organisation, _created = Organisation.objects.get_or_create(
                name=f"{name} assessment team (demo)",
                defaults={"kind": Organisation.Kind.RESEARCH_INSTITUTE, "country": country, "is_demo": True})
            for offset in range(rounds):
                year = 2020 + 2 * offset
                if Round.objects.filter(country=country, year=year).exists():
                    continue
                new_round = Round.objects.create(country=country, year=year, framework=version)
                for perspective in kinds:
                    assessment = Assessment.objects.create(round=new_round, perspective=perspective,
                                                           organisation=organisation)
                    written += _bulk_scores(assessment, framework, random.Random(f"{iso3}-{year}-{perspective}"))
                    services.refresh_summary(assessment)
        if progress:
            progress(1)
    return written


def _bulk_scores(assessment: Assessment, framework: Framework, rng: random.Random) -> int:
    scores = [
        CriterionScore(assessment=assessment, criterion_id=c.id, revision=1,
                       level=rng.choice(c.scoring_method.level_keys), rationale="Generated demo rationale.")
        for c in framework.criteria()
    ]
    CriterionScore.objects.bulk_create(scores)
    Evidence.objects.bulk_create(
        Evidence(score=score, kind=Evidence.Kind.CITATION, title="Generated demo citation",
                 citation="Generated demo citation (fictional).")
        for score in scores if rng.random() < 0.7
    )
    ComponentStatus.objects.bulk_create(
        ComponentStatus(assessment=assessment, component_id=c.id, status=rng.choice(Status.values))
        for c in framework.components()
    )
    return len(scores)

"""Demo agreements of Demoria: short invented texts, labelled as demo, screened, one of them partly reviewed."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile

from grmg.agreements import services
from grmg.agreements.models import Agreement
from grmg.countries.models import Country
from grmg.laws.models import NationalInstrument

BANNER = ("DEMO TEXT. Invented for the grmg demo: Demoria is a fictional country and this is not a real "
          "agreement.\n\n")

SAUDI_MOU = BANNER + """MEMORANDUM OF UNDERSTANDING BETWEEN THE GOVERNMENT OF DEMORIA AND THE GOVERNMENT OF THE KINGDOM
OF SAUDI ARABIA ON THE RECRUITMENT OF DOMESTIC WORKERS (demo, fictional)

Article 1. Scope
This Memorandum applies to domestic workers recruited in Demoria for employment in the Kingdom.

Article 2. Employment contract
The parties shall use a standard employment contract, in a language the worker understands, signed before
departure and verified by the Ministry of Labour and Migration of Demoria.

Article 3. Recruitment
Only licensed recruitment agencies may recruit workers under this Memorandum. The employer shall bear the
costs of recruitment; no fee shall be charged to the worker.

Article 4. Wages
The wage agreed in the contract shall be paid monthly into a bank account in the name of the worker.

Article 5. Documents
The employer may keep the passport of the worker for safekeeping during the contract.

Article 6. Rest
The worker shall be entitled to one day of rest per week.

Article 7. Complaints
The worker may file a complaint with the labour office, and the parties shall endeavour to provide legal aid.

Article 8. Joint committee
A joint committee of the two parties shall meet once a year to monitor the implementation of this Memorandum.

Article 9. Duration
This Memorandum shall remain in force for five years and may be renewed by agreement of the parties.
"""

UAE_BLA = BANNER + """AGREEMENT BETWEEN DEMORIA AND THE UNITED ARAB EMIRATES IN THE FIELD OF MANPOWER (demo, fictional)

Article 1. Standards
The parties shall apply this Agreement in accordance with the international labour standards and CEDAW.

Article 2. Equal treatment
Workers shall receive treatment no less favourable than that of national workers, without discrimination on
the basis of sex.

Article 3. Contracts
Employment shall be under a standard employment contract, in a language the worker understands, signed before
departure. Contract substitution is prohibited.

Article 4. Documents and mobility
No employer or agent shall retain the passport or identity documents of the worker. The worker may change
employer at the end of the contract without the consent of the employer.

Article 5. Protection
The parties shall protect workers against violence, abuse and sexual harassment, and shall provide shelters
and legal and psychosocial support to workers who leave an abusive employer.

Article 6. Domestic workers
Domestic workers are covered by this Agreement and enjoy the protection it gives.

Article 7. Data
The parties shall exchange data on the workers deployed, disaggregated by sex and occupation.

Article 8. Joint committee
A joint working group shall meet every year to review the implementation of this Agreement.
"""

MALAYSIA_DRAFT = BANNER + """DRAFT MEMORANDUM OF UNDERSTANDING BETWEEN DEMORIA AND MALAYSIA ON THE RECRUITMENT AND
EMPLOYMENT OF WORKERS (demo, fictional, under negotiation)

Article 1. Scope
This Memorandum applies to workers in manufacturing, plantations and domestic work.

Article 2. Age
Women workers shall be at least 25 years of age.

Article 3. Orientation
Workers shall attend a pre-departure orientation on their rights, their contract and the services available.
"""

# Title, type, status, partner, dates (signed, in force, expiry), ISCO-08 groups, occupations, file, text.
AGREEMENTS = (
    ("Demoria–Saudi Arabia MOU on domestic workers 2019 (demo, fictional)", Agreement.Kind.MOU,
     Agreement.Status.IN_FORCE, "SAU", (date(2019, 3, 1), date(2019, 6, 1), date(2029, 5, 31)), ["9"],
     "Domestic work", "demoria-saudi-arabia-mou-demo.txt", SAUDI_MOU),
    ("Demoria–United Arab Emirates manpower agreement 2021 (demo, fictional)", Agreement.Kind.BLA,
     Agreement.Status.IN_FORCE, "ARE", (date(2021, 9, 15), date(2022, 1, 1), None), ["5", "7", "9"],
     "Domestic work, construction, hospitality", "demoria-uae-agreement-demo.txt", UAE_BLA),
    ("Demoria–Malaysia MOU, draft (demo, fictional)", Agreement.Kind.MOU, Agreement.Status.DRAFT, "MYS",
     (None, None, None), ["6", "8", "9"], "Plantations, manufacturing, domestic work",
     "demoria-malaysia-draft-demo.txt", MALAYSIA_DRAFT),
)
# The reviews of the Saudi MOU: provision, status, rationale ("" to confirm the screened status).
REVIEWS = (
    ("standard_contract", None, ""),
    ("no_recruitment_fees", None, ""),
    ("joint_committee", None, ""),
    ("document_retention_ban", "contrary", "Demo review: Article 5 lets the employer keep the passport."),
    ("complaints_justice", "partial", "Demo review: legal aid is only to be endeavoured, and nothing after return."),
    ("domestic_workers", "present", "Demo review: Article 1 names domestic workers and the whole MOU covers them."),
)


def create_demo_agreements(country: Country, user: User) -> None:
    """Demoria's three demo agreements, screened; the Saudi MOU partly reviewed; Demoria's laws screened."""
    for title, kind, status, partner, (signed, in_force, expiry), groups, occupations, name, text in AGREEMENTS:
        agreement = services.register_agreement(country, services.Terms(
            title=title, kind=kind, status=status, origins=[country],
            destinations=[Country.objects.get(iso3=partner)], signed_date=signed, in_force_date=in_force,
            expiry_date=expiry, language="en", occupation_groups=groups, occupations=occupations),
            user, is_demo=True)
        services.add_document(agreement, SimpleUploadedFile(name, text.encode()), user)
        if partner == "SAU":
            screened = services.screened(agreement)
            for provision, changed, rationale in REVIEWS:
                found = screened.get(provision)
                confirmed = changed or (found.status if found else "absent")
                services.review_provision(agreement, provision, confirmed,
                                          rationale if not found or confirmed != found.status else "", user)
    for law in NationalInstrument.objects.filter(country=country):
        services.screen_law(law, user)

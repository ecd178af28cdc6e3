"""Generate the benchmark data set and a user who may read all of it; print the URLs to measure."""

from django.contrib.auth.models import User

from grmg import demo
from grmg.assessments.models import Assessment, Round
from grmg.countries.models import Country
from grmg.organisations.models import Membership, Organisation, Role
from grmg.standards.services import ensure_reference_data

COUNTRIES, ROUNDS, PERSPECTIVES = 50, 3, 3

ensure_reference_data()
if not Round.objects.filter(country__iso3="XAA").exists():
    demo.generate(COUNTRIES, ROUNDS, PERSPECTIVES)
analyst, _created = User.objects.get_or_create(username="analyst")
analyst.set_password("benchmark-password")
analyst.save()
agency, _created = Organisation.objects.get_or_create(name="Benchmark agency (demo)",
                                                      defaults={"kind": "international_agency", "is_demo": True})
for country in Country.objects.filter(is_demo=True, iso3__startswith="X").exclude(iso3="XDM"):
    Membership.objects.get_or_create(user=analyst, organisation=agency, country=country,
                                     defaults={"role": Role.VIEWER})

newest = Round.objects.filter(country__iso3="XAA").order_by("-year").first()
assessment = Assessment.objects.filter(round=newest).order_by("perspective").first()
pages = {
    "country list": "/",
    "country dashboard": "/countries/XAA/",
    "round": f"/rounds/{newest.pk}/",
    "perspective comparison": f"/rounds/{newest.pk}/perspectives/",
    "round comparison": "/countries/XAA/compare/",
    "assessment": f"/assessments/{assessment.pk}/",
    "workspace (component)": f"/assessments/{assessment.pk}/components/policy_baseline/",
    "report (JSON)": f"/rounds/{newest.pk}/report.json",
    "country profile (Nepal)": "/countries/NPL/profile/",
    "ratifications": "/countries/XAA/ratifications/",
    "compliance review": "/countries/XAA/compliance/",
}
for name, url in pages.items():
    print(f"PAGE\t{name}\t{url}")

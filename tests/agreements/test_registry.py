"""The registry: terms, parties, corridors, ownership and the status the dates give."""

from __future__ import annotations

from datetime import date

import pytest

from grmg.agreements import services
from grmg.agreements.models import Agreement, Corridor, Party
from grmg.organisations.models import Role
from tests.agreements.conftest import country


def test_it_registers_an_agreement_for_the_uploaders_organisation_with_every_corridor(kenya, ministry, member):
    user = member("amina", Role.FOCAL_POINT, ministry, kenya)
    terms = services.Terms(title="Kenya–Saudi Arabia and UAE MOU", kind="mou", status="signed",
                           origins=[kenya, country("UGA")], destinations=[country("SAU"), country("ARE")],
                           signed_date=date(2019, 6, 1), language="EN", occupation_groups=["9", "5"],
                           occupations="domestic work")
    agreement = services.register_agreement(kenya, terms, user)
    assert (agreement.organisation, agreement.added_by, agreement.language) == (ministry, user, "en")
    assert agreement.occupation_groups == ["5", "9"]
    sides = {(p.country.iso3, p.side) for p in agreement.parties.all()}
    assert sides == {("KEN", "origin"), ("UGA", "origin"), ("SAU", "destination"), ("ARE", "destination")}
    assert sorted((c.origin.iso3, c.destination.iso3) for c in agreement.corridors.all()) == [
        ("KEN", "ARE"), ("KEN", "SAU"), ("UGA", "ARE"), ("UGA", "SAU")]


def test_it_keeps_only_the_corridors_given(kenya):
    saudi, uganda = country("SAU"), country("UGA")
    agreement = services.register_agreement(kenya, services.Terms(
        title="Regional MOU", kind="mou", status="draft", origins=[kenya, uganda], destinations=[saudi],
        corridors=[(kenya, saudi)]))
    assert [(c.origin.iso3, c.destination.iso3) for c in agreement.corridors.all()] == [("KEN", "SAU")]


@pytest.mark.parametrize(("changes", "message"), [
    ({"title": "  "}, "needs its title"),
    ({"kind": "treaty"}, "unknown type or status"),
    ({"destinations": []}, "at least one country of origin and one country of destination"),
    ({"destinations": ["KEN"]}, "Kenya cannot be on both sides"),
    ({"origins": ["UGA"]}, "Kenya must be a party"),
    ({"in_force_date": date(2019, 1, 1)}, "cannot enter into force before it is signed"),
    ({"expiry_date": date(2020, 1, 1)}, "expiry date must come after"),
    ({"occupation_groups": ["11"]}, "unknown ISCO-08 major group"),
    ({"corridors": [("SAU", "KEN")]}, "does not join a country of origin to a country of destination"),
])
def test_it_refuses_terms_that_break_the_registrys_rules(kenya, changes, message):
    values = {"title": "MOU", "kind": "mou", "status": "signed", "origins": ["KEN"], "destinations": ["SAU"],
              "signed_date": date(2020, 1, 1)}
    values.update(changes)
    for side in ("origins", "destinations"):
        values[side] = [country(code) for code in values[side]]  # type: ignore[union-attr]
    if "corridors" in values:
        values["corridors"] = [(country(o), country(d)) for o, d in values["corridors"]]  # type: ignore[union-attr]
    with pytest.raises(services.AgreementError, match=message):
        services.register_agreement(kenya, services.Terms(**values))  # type: ignore[arg-type]
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(("status", "in_force", "expiry", "effective", "counts"), [
    ("signed", None, None, "signed", True),            # signed, not expired, not suspended: the framework counts it
    ("signed", date(2030, 1, 1), None, "signed", False),   # signed, enters into force later
    ("signed", date(2020, 6, 1), None, "in_force", True),
    ("in_force", date(2020, 6, 1), date(2024, 12, 31), "expired", False),
    ("suspended", date(2020, 6, 1), None, "suspended", False),
    ("draft", None, None, "draft", False),
    ("expired", None, date(2030, 1, 1), "expired", False),
])
def test_it_derives_the_status_from_the_dates_where_given(status, in_force, expiry, effective, counts):
    agreement = Agreement(status=status, signed_date=date(2020, 1, 1), in_force_date=in_force, expiry_date=expiry)
    assert agreement.effective_status(date(2025, 6, 1)) == effective
    assert agreement.is_in_force(date(2025, 6, 1)) is counts


def test_it_corrects_the_terms_and_keeps_what_they_were(kenya, register, focal):
    agreement = register(kenya, "SAU", title="First title")
    terms = services.terms_of(agreement)
    corrected = services.Terms(**{**vars(terms), "title": "Corrected title", "destinations": [country("QAT")]})
    services.update_agreement(agreement, corrected, focal)
    agreement.refresh_from_db()
    assert agreement.title == "Corrected title"
    assert [p.country.iso3 for p in agreement.parties.filter(side=Party.Side.DESTINATION)] == ["QAT"]
    assert [(c.origin.iso3, c.destination.iso3) for c in agreement.corridors.all()] == [("KEN", "QAT")]
    assert [h.title for h in agreement.history.order_by("history_date")] == ["First title", "Corrected title"]
    assert agreement.history.latest().history_user == focal
    assert Corridor.history.filter(history_type="-").count() == 1  # the corridor to Saudi Arabia, deleted


def test_it_lists_a_countrys_agreements_with_its_side_and_partners(kenya, register):
    register(kenya, "SAU", "ARE", title="Gulf MOU")
    services.register_agreement(kenya, services.Terms(title="Inbound", kind="bla", status="draft",
                                                      origins=[country("UGA")], destinations=[kenya]))
    rows = {row.agreement.title: row for row in services.agreements_of(kenya, date(2025, 1, 1))}
    assert (rows["Gulf MOU"].side, [c.iso3 for c in rows["Gulf MOU"].partners]) == ("origin", ["SAU", "ARE"])  # by name
    assert (rows["Inbound"].side, rows["Inbound"].status, rows["Inbound"].in_force) == ("destination", "draft", False)

"""Country profiles in the browser, as files and as PDF, checked against figures computed from the data files."""

from __future__ import annotations

import csv
import gzip
import io
import json
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import reverse
from pypdf import PdfReader

from grmg.countries.models import Country
from grmg.countries.services import un_member_states
from grmg.profiles import documents, services

DATA = Path(services.__file__).resolve().parent / "data"


def stock_2020(iso3: str, side: str, sex: str) -> int:
    """Read the shipped file directly: the sum over partners in 2020 for one country and side."""
    column = "origin_iso3" if side == "emigrants" else "destination_iso3"
    with gzip.open(DATA / "undesa_ims2020_stock.csv.gz", "rt", encoding="utf-8") as stream:
        return sum(int(row[f"stock_{sex}"]) for row in csv.DictReader(stream)
                   if row["year"] == "2020" and row[column] == iso3)


@pytest.fixture
def reader(client, db):
    client.force_login(User.objects.create_user("analyst"))
    return client


def test_it_renders_the_profile_of_every_un_member_state_with_its_sources(reader):
    states = un_member_states()
    assert len(states) == 193
    for country in states:
        page = reader.get(reverse("profiles:profile", args=[country.iso3])).content.decode()
        assert "International Migrant Stock 2020" in page and "Women, Business and the Law" in page, country
        assert 'data-testid="emigrants"' in page or "no figures for this country" in page, country
        assert "Compliance review" not in page  # the reader has no role in the country: only public data is linked


def test_it_exports_the_figures_of_the_data_files(reader):
    data = json.loads(reader.get(reverse("profiles:export", args=["NPL", "json"])).content)
    latest = data["emigrants"][-1]
    assert latest["year"] == 2020
    assert latest["female"] == stock_2020("NPL", "emigrants", "female")
    assert latest["total"] == stock_2020("NPL", "emigrants", "total")
    assert latest["female_share"] == round(100 * latest["female"] / latest["total"], 2)
    assert data["sources"]["migrant_stock"]["as_of"] == "2020-07-01"
    women_abroad = data["corridors_2020"]["emigrants_female"]
    assert women_abroad[0]["stock"] == max(c["stock"] for c in women_abroad)
    assert sum(c["stock"] for c in women_abroad) <= latest["female"]


def test_it_exports_a_tidy_csv_with_sources(reader):
    response = reader.get(reverse("profiles:export", args=["PHL", "csv"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    female = [r for r in rows if r["series"] == "emigrants_stock" and r["year"] == "2020" and r["sex"] == "female"]
    assert [int(r["value"]) for r in female] == [stock_2020("PHL", "emigrants", "female")]
    assert all(r["source"] and r["as_of"] for r in rows)


def test_it_renders_a_pdf_a_reader_can_use(db):
    pdf = documents.profile_pdf(services.build_profile(Country.objects.get(iso3="NPL")))
    reader = PdfReader(io.BytesIO(pdf))
    text = "\n".join(page.extract_text() for page in reader.pages)
    assert 2 <= len(reader.pages) <= 8
    assert "Country profile: Nepal" in text
    assert f"{stock_2020('NPL', 'emigrants', 'female'):,}" in text
    assert "UN DESA" in text and "Women, Business and the Law 2021" in text

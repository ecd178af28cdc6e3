"""Country and area names, as UN DESA and other data producers spell them, to ISO 3166-1 alpha-3 codes."""

from __future__ import annotations

import functools
import unicodedata

import pycountry

# Entities that have no ISO 3166-1 alpha-3 code, with the code this software uses for each and why.
# Every code to_iso3 returns is either an ISO 3166-1 alpha-3 code known to pycountry or a key here.
NON_ISO_CODES: dict[str, str] = {
    "CHI": (
        "Channel Islands (Guernsey and Jersey together): UN DESA reports them as one area (M49 830), which has no "
        "ISO 3166-1 code (Guernsey is GGY, Jersey is JEY); CHI is the World Bank's code for the same aggregate."
    ),
    "XKX": (
        "Kosovo: not in ISO 3166-1; XKX is the user-assigned code the European Union and the World Bank use. "
        "UN DESA's migrant stock reports Kosovo within Serbia, so it appears only in other data sets."
    ),
}

# Names pycountry does not know (it matches ISO names, official names and common names, ignoring case and accents).
# Keys are written as the producers spell them; each was checked by hand against the producer's own code list.
_OVERRIDES: dict[str, str] = {
    # Short English names used by the UN DESA International Migrant Stock 2020 file we ship (as relabelled by the
    # public chord-diagram repository we took it from).
    "Antigua & Barbuda": "ATG",
    "Bosnia & Herzegovina": "BIH",
    "Brunei": "BRN",
    "Cape Verde": "CPV",  # renamed Cabo Verde in ISO 3166 (2013)
    "Caribbean Netherlands": "BES",  # Bonaire, Sint Eustatius and Saba
    "Channel Islands": "CHI",  # non-ISO: see NON_ISO_CODES
    "DR Congo": "COD",
    "FS Micronesia": "FSM",
    "Falkland Islands": "FLK",
    "Hong Kong SAR": "HKG",
    "Macao SAR": "MAC",
    "Palestine": "PSE",
    "Russia": "RUS",
    "Sao Tome & Principe": "STP",
    "Sint Maarten": "SXM",  # the Dutch part; the French part, Saint Martin, is MAF
    "St. Helena": "SHN",  # ISO's SHN also covers Ascension and Tristan da Cunha, as UN DESA's Saint Helena does
    "St. Kitts & Nevis": "KNA",
    "St. Lucia": "LCA",
    "St. Pierre & Miquelon": "SPM",
    "St. Vincent & Grenadines": "VCT",
    "Trinidad & Tobago": "TTO",
    "Turkey": "TUR",  # renamed Türkiye in ISO 3166 and at the UN (2022)
    "Turks & Caicos Islands": "TCA",
    "U.S. Virgin Islands": "VIR",
    "Vatican City": "VAT",  # UN name: Holy See
    "Wallis & Futuna": "WLF",
    # Official UN DESA / M49 spellings (as in the POP/DB/MIG/Stock/Rev.2020 workbooks) that differ from ISO's.
    "Bolivia (Plurinational State of)": "BOL",
    "China, Hong Kong SAR": "HKG",
    "China, Macao SAR": "MAC",
    "China, Taiwan Province of China": "TWN",
    "Dem. People's Republic of Korea": "PRK",
    "Democratic Republic of the Congo": "COD",
    "Holy See": "VAT",
    "Iran (Islamic Republic of)": "IRN",
    "Micronesia (Fed. States of)": "FSM",
    "Republic of Korea": "KOR",
    "Saint Helena": "SHN",
    "State of Palestine": "PSE",
    "Türkiye": "TUR",  # also pycountry's own name since ISO renamed it; kept so both UN spellings are listed
    "United States Virgin Islands": "VIR",
    "Venezuela (Bolivarian Republic of)": "VEN",
    "Wallis and Futuna Islands": "WLF",
    # Entities without an ISO 3166-1 code (see NON_ISO_CODES).
    "Kosovo": "XKX",
    "Kosovo (under UNSC res. 1244)": "XKX",
}


def _key(name: str) -> str:
    """Comparison form of a name: no accents, straight apostrophes, no footnote asterisk, single spaces, casefolded."""
    decomposed = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    text = text.replace("\u2019", "'").replace("\u2018", "'").strip().rstrip("*")
    return " ".join(text.split()).casefold()


@functools.cache
def _index() -> dict[str, str]:
    """Comparison form of every pycountry name, official name and common name, then the overrides, to its code."""
    index: dict[str, str] = {}
    for country in pycountry.countries:
        for field in ("name", "official_name", "common_name"):
            value = getattr(country, field, None)
            if value:
                index[_key(value)] = country.alpha_3
    for name, code in _OVERRIDES.items():
        index[_key(name)] = code
    return index


def to_iso3(name: str) -> str | None:
    """The ISO 3166-1 alpha-3 code (or documented NON_ISO_CODES code) for a country or area name; None if unknown."""
    return _index().get(_key(name))

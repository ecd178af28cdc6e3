"""Framework and variant files: validation names the file, the path inside it and what is wrong."""

from __future__ import annotations

import copy

import pytest
import yaml

from grmg.core.framework import FrameworkError, parse_framework
from tests.core.frameworks import HAND, build, criterion


def problems(data: object, resolve=None) -> list[str]:
    with pytest.raises(FrameworkError) as caught:
        parse_framework(yaml.safe_dump(data), "agency.yaml", resolve)
    return [str(p) for p in caught.value.problems]


def test_it_loads_a_valid_framework():
    framework = build(HAND)
    assert framework.key == "test@1"
    assert [c.id for c in framework.criteria()] == ["a", "b", "c", "d", "e"]
    assert framework.component_of("d").id == "c3" and framework.pillar_of("c3").id == "p2"


def test_it_names_a_missing_field_by_its_path():
    data = copy.deepcopy(HAND)
    del data["pillars"][0]["components"][1]["criteria"][0]["question"]
    assert problems(data) == ["pillars[0].components[1].criteria[0].question: required field is missing"]


def test_it_names_an_unknown_method_and_levels_that_do_not_fit():
    data = copy.deepcopy(HAND)
    data["pillars"][1]["components"][0]["criteria"][0]["method"] = "stars"
    data["pillars"][0]["components"][0]["criteria"][1]["levels"].pop("partial")
    found = problems(data)
    assert any(line.startswith("pillars[1].components[0].criteria[0].method: unknown scoring method 'stars'")
               for line in found)
    assert any(line.startswith("pillars[0].components[0].criteria[1].levels: method absent_partial_full needs")
               and "missing: partial" in line for line in found)


def test_it_refuses_duplicate_ids_unknown_instruments_and_modules():
    data = copy.deepcopy(HAND)
    extra = criterion("a", "binary")
    extra["standards"] = [{"instrument": "ILO-C999", "provision": "Art. 1"}]
    extra["informed_by"] = ["astrology"]
    data["pillars"][1]["components"][0]["criteria"].append(extra)
    found = problems(data)
    assert "pillars[1].components[0].criteria[2].id: id 'a' is already used at " \
           "pillars[0].components[0].criteria[0].id" in found
    assert "pillars[1].components[0].criteria[2].standards[0].instrument: 'ILO-C999' is not in the " \
           "framework's instruments" in found
    assert "pillars[1].components[0].criteria[2].informed_by[0]: 'astrology' is not in the framework's " \
           "modules" in found


def test_it_refuses_unknown_fields_and_bad_identifiers():
    data = copy.deepcopy(HAND)
    data["pillars"][0]["colour"] = "red"
    data["pillars"][0]["components"][0]["id"] = "Component One"
    found = problems(data)
    assert "pillars[0].colour: unknown field" in found
    assert any(line.startswith("pillars[0].components[0].id: 'Component One' is not an identifier") for line in found)


def test_it_names_the_line_of_broken_yaml():
    with pytest.raises(FrameworkError) as caught:
        parse_framework("schema: grmg-framework/1\npillars: [\n  - id: x\n", "broken.yaml")
    assert str(caught.value).startswith("broken.yaml: line 3, column")


def test_it_refuses_a_file_without_the_schema_marker():
    assert problems({"id": "x"}) == ["schema: expected 'grmg-framework/1' or 'grmg-framework-variant/1', found None"]


def test_it_refuses_bands_that_do_not_start_at_zero():
    data = copy.deepcopy(HAND)
    data["bands"][0]["min"] = 10
    assert problems(data) == ["bands: bands must start at 0 and rise strictly"]


VARIANT = {
    "schema": "grmg-framework-variant/1", "id": "test_fr", "version": "1", "extends": "test@1",
    "title": "Cadre de test", "language": "fr",
    "weights": {"c1": 2, "d": 4},
    "add_criteria": {"c3": [criterion("f", "binary")]},
    "text": {"a": {"question": "Question a en français ?", "levels": {"yes": "oui"}}, "p1": {"title": "Pilier un"}},
}


def test_it_resolves_a_variant_with_weights_criteria_and_translations():
    base = build(HAND)
    variant = parse_framework(yaml.safe_dump(VARIANT), "fr.yaml", {"test@1": base}.get)
    assert variant.key == "test_fr@1" and variant.language == "fr" and variant.extends == "test@1"
    assert variant.component("c1").weight == 2 and variant.criterion("d").weight == 4
    assert [c.id for c in variant.component("c3").criteria] == ["d", "e", "f"]
    assert variant.criterion("a").question == "Question a en français ?"
    assert variant.criterion("a").levels == {"no": "a at level no", "yes": "oui"}
    assert variant.pillars[0].title == "Pilier un"
    assert base.criterion("a").question == "Question a?"  # the base is untouched


def test_it_names_what_a_variant_refers_to_that_the_base_lacks():
    base = build(HAND)
    bad = {**VARIANT, "weights": {"zz": 2}, "add_criteria": {"nowhere": [criterion("g", "binary")]}}
    found = problems(bad, {"test@1": base}.get)
    assert "add_criteria.nowhere: no component with this id in test@1" in found
    assert "weights.zz: no pillar, component or criterion with this id in test@1" in found


def test_it_refuses_a_variant_whose_base_is_not_loaded():
    assert problems(VARIANT, lambda key: None) == ["extends: the framework test@1 is not loaded"]


def test_it_validates_added_criteria_against_the_base_catalogues():
    bad = {**VARIANT, "add_criteria": {"c3": [criterion("b", "binary")]}}
    found = problems(bad, {"test@1": build(HAND)}.get)
    assert any("id 'b' is already used" in line for line in found)

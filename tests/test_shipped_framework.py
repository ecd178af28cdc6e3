"""The framework that ships with grmg: the seed's 3 pillars and 17 components, 70+ criteria, all cited."""

from collections import Counter

import pytest

from grmg.core.framework import load_framework_file
from grmg.frameworks.services import SHIPPED_FRAMEWORK

FRAMEWORK = load_framework_file(SHIPPED_FRAMEWORK)

# Ids from DESIGN.md, in the seed's order.
EXPECTED = {
    "establish": ["policy_baseline", "consultation_research", "rights_based_policy", "whole_of_government",
                  "government_coordination", "monitoring_mechanisms", "destination_protection"],
    "implement": ["gender_budgeting", "capacity_development", "pre_departure_information", "access_to_justice",
                  "policy_dialogue"],
    "enable": ["networking_organizing", "spaces_access", "representation", "awareness", "eliminate_discrimination"],
}


def test_it_has_the_seeds_pillars_and_components_in_order():
    assert {p.id: [c.id for c in p.components] for p in FRAMEWORK.pillars} == EXPECTED


def test_it_has_at_least_four_criteria_per_component_and_seventy_in_all():
    counts = {c.id: len(c.criteria) for c in FRAMEWORK.components()}
    assert min(counts.values()) >= 4
    assert sum(counts.values()) >= 70


def test_it_uses_all_four_anchored_scoring_methods():
    methods = Counter(c.method for c in FRAMEWORK.criteria())
    assert set(methods) == {"binary", "ordinal_0_50_100", "absent_partial_full", "maturity_0_4"}


@pytest.mark.parametrize("instrument", ["CEDAW", "CEDAW-GR26", "ILO-C097", "ILO-C143", "ILO-C181", "ILO-C189",
                                        "ILO-C190", "ILO-C100", "ILO-C111", "GCM", "SDG"])
def test_it_rests_criteria_on_the_standards_the_issue_names(instrument):
    assert any(ref.instrument == instrument for c in FRAMEWORK.criteria() for ref in c.standards)


def test_it_gives_every_criterion_a_descriptor_for_every_level_and_evidence_guidance():
    for c in FRAMEWORK.criteria():
        assert set(c.levels) == set(c.scoring_method.level_keys), c.id
        assert all(len(text) >= 15 for text in c.levels.values()), c.id
        assert len(c.evidence) >= 40, c.id
        assert all(ref.provision for ref in c.standards), c.id


def test_it_says_which_module_informs_each_criterion():
    used = {module for c in FRAMEWORK.criteria() for module in c.informed_by}
    assert used <= set(FRAMEWORK.modules)
    assert {"standards", "laws", "agreements", "indicators", "budgets", "cases"} <= used


def test_it_names_the_shipped_file_by_its_id_and_version():
    from grmg.frameworks.services import SHIPPED_KEY

    assert (FRAMEWORK.id, FRAMEWORK.version) == SHIPPED_KEY

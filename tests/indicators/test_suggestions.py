"""What the indicator sets suggest for the monitoring-mechanisms criteria."""

from __future__ import annotations

import io

from grmg.assessments.suggestions import suggestions_for
from grmg.indicators import imports, services
from grmg.indicators.models import Indicator
from grmg.organisations.models import Organisation


def test_it_suggests_monitoring_levels_from_the_sets_and_their_data(version, kenya, ministry, network):
    union = Organisation.objects.create(name="Union", kind="trade_union")
    items = [(Indicator.objects.get(code="MW_DEPLOYED"), 2023, 500.0, 2030, 800.0),
             (Indicator.objects.get(code="SDG_10_7_1"), None, None, None, None)]
    proposed = services.propose_set(kenya, ministry, "Set", items)
    found = suggestions_for(kenya, version.framework)
    assert found["mm_indicator_set"][0].level == "2"  # proposed, not yet agreed with civil society
    assert "mm_baseline_targets" not in found
    services.endorse(proposed, ministry, "", None)
    services.endorse(proposed, union, "", None)
    assert suggestions_for(kenya, version.framework)["mm_indicator_set"][0].level == "2"  # no women's organisation
    services.endorse(services.propose_set(kenya, ministry, "Set 2", items), network, "", None)
    newest = services.propose_set(kenya, ministry, "Set 3", items)
    for organisation in (network, union, ministry):  # official once the ministry joins civil society
        services.endorse(newest, organisation, "", None)
    found = suggestions_for(kenya, version.framework)
    assert found["mm_indicator_set"][0].level == "4"  # recent, and every indicator links to an SDG or the GCM
    assert found["mm_baseline_targets"][0].level == "partial"  # 1 of 2 has a baseline and a dated target
    imports.import_file(io.BytesIO(b"Year,Sex,Value\n2023,female,200\n2023,male,300\n"), "k.csv", None,
                        imports.Defaults("MW_DEPLOYED", "KEN"))
    finding = suggestions_for(kenya, version.framework)["mm_sex_disaggregation"][0]
    assert finding.level is None and finding.rationale.startswith("1 of the 2 indicators")

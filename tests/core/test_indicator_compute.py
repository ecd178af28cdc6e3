"""`grmg indicators compute`: spec checks, safe expressions, one-scan aggregation, the cube, disclosure control."""

import csv
import io
import itertools
import random
from pathlib import Path

import duckdb
import pytest

from grmg.core.disclosure import derivable
from grmg.core.indicators.compute import Cell, ComputeResult, compute, to_csv_text, write_csv
from grmg.core.indicators.expressions import ALLOWED_FUNCTIONS, check_expression
from grmg.core.indicators.spec import IndicatorSpec, read_spec
from grmg.core.problems import InputError

# Unit records of a departure survey. Weights are whole numbers and every cost / income is a binary fraction
# (0, 0.25, 0.5, 0.75, 1, 1.5, 2), so every weighted sum below is exact in floating point and the only rounding is
# the final division: the expected values are exact to the last digit.
MICRODATA = """\
id,year,sex,destination,weight,recruitment_cost,monthly_income,contract_before_departure
1,2024,female,SAU,2,500,1000,true
2,2024,female,SAU,3,250,1000,false
3,2024,female,SAU,1,1500,1000,true
4,2024,female,QAT,2,750,1000,true
5,2024,female,QAT,4,0,1000,true
6,2024,female,ITA,1,1000,2000,false
7,2024,male,SAU,2,1000,1000,true
8,2024,male,SAU,2,2000,1000,false
9,2024,male,QAT,1,500,1000,
10,2024,male,QAT,3,,1000,true
11,2024,male,ITA,2,250,500,true
12,2024,,SAU,1,1000,2000,true
13,2024,female,SAU,,500,1000,true
14,2023,female,SAU,5,4000,1000,true
15,2023,male,QAT,5,3000,1000,false
16,2023,male,ITA,2,500,1000,true
17,2024,male,SAU,1,3000,2000,false
18,2024,female,QAT,1,250,1000,false
19,2023,female,ITA,3,500,2000,true
20,2024,male,ITA,1,0,1000,
"""

SPEC = """\
indicators:
  - code: REC_COST_SHARE
    numerator: "recruitment_cost / monthly_income"
    denominator: "1"
    weight: weight
    filter: "year = 2024"
    by: [[sex], [sex, destination]]
    min_units: 1
  - code: CONTRACT_SHARE
    numerator: contract_before_departure
    denominator: 1
    weight: weight
    by: [[destination]]
    min_units: 1
  - code: DEPLOYED
    numerator: "1"
    weight: weight
    filter: "year = 2024"
    by: [[sex]]
    min_units: 1
"""

# REC_COST_SHARE: rows of 2024 (filter) whose cost, income and weight are not NULL: all of 2024 but row 10 (no cost)
# and row 13 (no weight), 14 units. Weighted ratios w * cost / income, row by row:
#   1: 2*0.5=1   2: 3*0.25=0.75   3: 1*1.5=1.5   4: 2*0.75=1.5   5: 4*0=0   6: 1*0.5=0.5   18: 1*0.25=0.25  (female)
#   7: 2*1=2     8: 2*2=4         9: 1*0.5=0.5   11: 2*0.5=1     17: 1*1.5=1.5   20: 1*0=0                (male)
#   12: 1*0.5=0.5                                                                                 (sex NULL)
# female: 1+0.75+1.5+1.5+0+0.5+0.25 = 5.5 over weights 2+3+1+2+4+1+1 = 14 -> 5.5/14 = 11/28, 7 units
# male:   2+4+0.5+1+1.5+0 = 9 over 2+2+1+2+1+1 = 9 -> 1, 6 units;  _missing: 0.5/1, 1 unit
# total:  5.5+9+0.5 = 15 over 14+9+1 = 24 -> 0.625, 14 units
# SAU (1,2,3,7,8,12,17): 1+0.75+1.5+2+4+0.5+1.5 = 11.25 over 2+3+1+2+2+1+1 = 12 -> 0.9375, 7 units
# QAT (4,5,9,18): 1.5+0+0.5+0.25 = 2.25 over 2+4+1+1 = 8 -> 0.28125, 4 units
# ITA (6,11,20): 0.5+1+0 = 1.5 over 1+2+1 = 4 -> 0.375, 3 units
# female SAU (1,2,3): 3.25/6 = 13/24;  female QAT (4,5,18): 1.75/7 = 0.25;  female ITA (6): 0.5/1
# male SAU (7,8,17): 7.5/5 = 1.5;  male QAT (9): 0.5/1;  male ITA (11,20): 1/3;  _missing SAU (12): 0.5/1
#
# CONTRACT_SHARE (true counts 1, false 0; every year): rows with a contract answer and a weight, all but 9, 13 and
# 20: 17 units. Weights of `true`: 2+1+2+4+2+3+2+1+5+2+3 = 27 (rows 1,3,4,5,7,10,11,12,14,16,19) over all the
# weights 40 -> 27/40 = 0.675. SAU (1,2,3,7,8,12,14,17): 2+1+2+1+5 = 11 over 2+3+1+2+2+1+5+1 = 17 -> 11/17, 8 units;
# QAT (4,5,10,15,18): 2+4+3 = 9 over 2+4+3+5+1 = 15 -> 0.6, 5 units; ITA (6,11,16,19): 2+2+3 = 7 over 8 -> 0.875.
#
# DEPLOYED (sum of weights, 2024, weight not NULL: 15 units): female (1,2,3,4,5,6,18) 2+3+1+2+4+1+1 = 14, 7 units;
# male (7,8,9,10,11,17,20) 2+2+1+3+2+1+1 = 12, 7 units; _missing (12) 1; total 27.
EXPECTED = """\
indicator,sex,destination,value,units,status
REC_COST_SHARE,,,0.625,14,published
REC_COST_SHARE,_missing,,0.5,1,published
REC_COST_SHARE,female,,0.39285714285714285,7,published
REC_COST_SHARE,male,,1,6,published
REC_COST_SHARE,,ITA,0.375,3,published
REC_COST_SHARE,,QAT,0.28125,4,published
REC_COST_SHARE,,SAU,0.9375,7,published
REC_COST_SHARE,_missing,SAU,0.5,1,published
REC_COST_SHARE,female,ITA,0.5,1,published
REC_COST_SHARE,female,QAT,0.25,3,published
REC_COST_SHARE,female,SAU,0.5416666666666666,3,published
REC_COST_SHARE,male,ITA,0.3333333333333333,2,published
REC_COST_SHARE,male,QAT,0.5,1,published
REC_COST_SHARE,male,SAU,1.5,3,published
CONTRACT_SHARE,,,0.675,17,published
CONTRACT_SHARE,,ITA,0.875,4,published
CONTRACT_SHARE,,QAT,0.6,5,published
CONTRACT_SHARE,,SAU,0.6470588235294118,8,published
DEPLOYED,,,27,15,published
DEPLOYED,_missing,,1,1,published
DEPLOYED,female,,14,7,published
DEPLOYED,male,,12,7,published
"""


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "microdata.csv"
    path.write_text(MICRODATA)
    return path


def spec(**fields) -> IndicatorSpec:
    defaults = {"code": "X", "numerator": "1", "by": (("sex",),), "min_units": 1}
    return IndicatorSpec(**{**defaults, **fields})


def rows(result: ComputeResult) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(to_csv_text(result))))


def test_it_computes_the_hand_computed_values_to_the_last_digit(data):
    assert to_csv_text(compute(data, read_spec(SPEC, "spec.yaml"))) == EXPECTED


def test_it_keeps_the_raw_numbers_in_the_cells(data):
    cells = compute(data, read_spec(SPEC, "spec.yaml")).cells
    total = cells[0]
    assert total == Cell("REC_COST_SHARE", {"sex": None, "destination": None}, 0.625, 14, 15.0, 24.0,
                         "published", "")
    deployed = next(c for c in cells if c.indicator == "DEPLOYED" and c.key["sex"] == "male")
    assert (deployed.value, deployed.numerator, deployed.denominator, deployed.units) == (12.0, 12.0, None, 7)


def test_it_writes_to_a_path_and_to_a_stream_alike(data, tmp_path):
    result = compute(data, read_spec(SPEC, "spec.yaml"))
    write_csv(result, tmp_path / "out.csv")
    stream = io.StringIO()
    write_csv(result, stream)
    assert (tmp_path / "out.csv").read_text() == stream.getvalue() == EXPECTED


def test_it_emits_the_cube_of_every_group_once(data):
    specs = [spec(code="X", by=(("sex",), ("sex", "destination"), ("destination",)))]
    keys = [(row["sex"], row["destination"]) for row in rows(compute(data, specs))]
    assert len(keys) == len(set(keys))
    assert ("", "") in keys  # the grand total
    assert {k for k in keys if k[0] and not k[1]} == {("female", ""), ("male", ""), ("_missing", "")}
    assert {k for k in keys if k[1] and not k[0]} == {("", "SAU"), ("", "QAT"), ("", "ITA")}
    assert ("female", "SAU") in keys and ("_missing", "SAU") in keys
    assert len(keys) == 1 + 3 + 3 + 7


def test_it_sorts_by_indicator_then_number_of_dimensions_then_values(data):
    specs = [spec(code="B", by=(("sex", "destination"),)), spec(code="A", by=(("destination",),))]
    out = rows(compute(data, specs))
    assert [row["indicator"] for row in out][:1] == ["B"] and out[-1]["indicator"] == "A"
    b = [(row["sex"], row["destination"]) for row in out if row["indicator"] == "B"]
    assert b[:7] == [("", ""), ("_missing", ""), ("female", ""), ("male", ""), ("", "ITA"), ("", "QAT"), ("", "SAU")]


def test_it_maps_a_missing_or_empty_dimension_value_to_missing_never_to_a_total(tmp_path):
    path = tmp_path / "d.parquet"
    con = duckdb.connect()
    con.execute("CREATE TABLE t AS SELECT * FROM (VALUES ('a', 1), ('a', 1), (NULL, 1), ('', 1), ('b', 1)) v(g, x)")
    con.execute(f"COPY t TO '{path}' (FORMAT parquet)")
    out = rows(compute(path, [IndicatorSpec("N", "x", by=(("g",),), min_units=1)]))
    assert [(row["g"], row["value"], row["units"]) for row in out] == [
        ("", "5", "5"), ("_missing", "2", "2"), ("a", "2", "2"), ("b", "1", "1")]


def test_it_gives_the_same_result_from_parquet_as_from_csv(data, tmp_path):
    parquet = tmp_path / "microdata.parquet"
    con = duckdb.connect()
    con.execute(f"COPY (SELECT * FROM read_csv('{data}', header = true)) TO '{parquet}' (FORMAT parquet)")
    specs = read_spec(SPEC, "spec.yaml")
    assert to_csv_text(compute(parquet, specs)) == to_csv_text(compute(data, specs)) == EXPECTED


def test_it_reports_progress_through_every_stage(data):
    seen: list[tuple[int, int, str]] = []
    result = compute(data, read_spec(SPEC, "spec.yaml"), progress=lambda d, t, s: seen.append((d, t, s)))
    write_csv(result, io.StringIO(), progress=lambda d, t, s: seen.append((d, t, s)))
    stages = list(dict.fromkeys(stage for _d, _t, stage in seen))
    assert stages == ["check", "aggregate", "suppress", "write"]
    assert ((3, 3, "check") in seen and (100, 100, "aggregate") in seen and (3, 3, "suppress") in seen
            and seen[-1] == (22, 22, "write"))


def test_it_counts_a_true_false_numerator_as_one_or_zero_and_a_filter_that_matches_nothing_as_suppressed(data):
    specs = [spec(code="NONE", numerator="contract_before_departure", filter="year = 1999", min_units=5)]
    assert rows(compute(data, specs)) == [
        {"indicator": "NONE", "sex": "", "value": "", "units": "", "status": "suppressed"}]


def test_it_groups_by_a_numeric_column_as_text(data):
    out = rows(compute(data, [spec(by=(("year",),))]))
    assert [(row["year"], row["units"]) for row in out] == [("", "20"), ("2023", "4"), ("2024", "16")]


def test_it_runs_within_a_memory_limit_and_spill_directory(data, tmp_path):
    result = compute(data, read_spec(SPEC, "spec.yaml"), memory_limit="64MB", temp_directory=tmp_path / "spill")
    assert to_csv_text(result) == EXPECTED


# Disclosure control: suppressed cells are written blank, and none can be recovered by differencing.

def test_it_writes_suppressed_cells_blank_but_keeps_their_numbers(data):
    specs = [spec(code="REC", numerator="recruitment_cost / monthly_income", denominator="1", weight="weight",
                  filter="year = 2024", by=(("sex", "destination"),), min_units=3)]
    result = compute(data, specs)
    suppressed = [c for c in result.cells if c.status == "suppressed"]
    primary = {(c.key["sex"], c.key["destination"]) for c in suppressed if c.reason == "primary"}
    assert primary == {("_missing", None), ("_missing", "SAU"), ("female", "ITA"), ("male", "QAT"), ("male", "ITA")}
    assert any(c.reason == "secondary" for c in suppressed)
    male_ita = next(c for c in suppressed if c.key == {"sex": "male", "destination": "ITA"})
    assert (male_ita.units, male_ita.numerator, male_ita.denominator) == (2, 1.0, 3.0)  # kept in the object
    for row in rows(result):
        if row["status"] == "suppressed":
            assert row["value"] == row["units"] == ""
        else:
            assert row["status"] == "published" and row["value"] and int(row["units"]) >= 3


def single_differences(out: list[dict[str, str]], by: tuple[tuple[str, ...], ...], dims: tuple[str, ...]) -> list:
    """Relations margin = sum of children (one dimension of one group) with exactly one cell suppressed."""
    status = {tuple(row[d] for d in dims): row["status"] for row in out}
    found = []
    for group in by:
        for key in status:
            if any(key[j] for j, d in enumerate(dims) if d not in group):
                continue
            for j, d in enumerate(dims):
                if d in group and not key[j]:
                    children = [k for k in status if k[j] and all(k[i] == key[i] for i in range(len(dims)) if i != j)]
                    members = [key, *children]
                    if sum(status[m] == "suppressed" for m in members) == 1:
                        found.append(members)
    return found


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_it_leaves_no_suppressed_cell_derivable_by_differencing(tmp_path, seed):
    rng = random.Random(seed)
    path = tmp_path / "synthetic.csv"
    with path.open("w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["sex", "destination", "sector", "weight", "x"])
        for _ in range(400):
            writer.writerow([rng.choice(["female", "male", "male", "other", ""]),
                             rng.choice(["SAU", "SAU", "SAU", "ARE", "ARE", "QAT", "ITA", "JPN"]),
                             rng.choice(["domestic_work", "domestic_work", "construction", "care"]),
                             rng.randint(50, 500), rng.choice(["", "0", "1", "1"])])
    by = (("sex",), ("sex", "destination"), ("destination", "sector"), ("sex", "destination", "sector"))
    result = compute(path, [spec(code="S", numerator="x", denominator="1", weight="weight", by=by, min_units=6)])
    out = rows(result)
    assert any(row["status"] == "suppressed" for row in out)
    assert single_differences(out, by, result.dimensions) == []
    from grmg.core.disclosure import Table

    units = {tuple(c.key[d] for d in result.dimensions): c.units for c in result.cells}
    suppressed = {tuple(c.key[d] for d in result.dimensions) for c in result.cells if c.status == "suppressed"}
    assert derivable(Table(result.dimensions, by, units), suppressed) == frozenset()


# Specs refused before any computation, with the indicator named.

@pytest.mark.parametrize(("numerator", "message"), [
    ("nope / monthly_income", "column 'nope' is not in the data"),
    ("read_csv('/etc/passwd')", "function read_csv is not allowed"),
    ("(SELECT max(weight) FROM data)", "subqueries are not allowed"),
    ("weight IN (SELECT 1)", "subqueries are not allowed"),
    ("1; DROP TABLE x", "a single expression is allowed, without ;"),
    ("sum(weight)", "aggregate function sum is not allowed"),
    ("row_number() OVER ()", "window functions are not allowed"),
    ("foo(weight)", "function foo is not allowed"),
    ("getenv('HOME')", "function getenv is not allowed"),
    ("*", "* is not allowed"),
    ("weight +", "not valid SQL"),
    ("sex", "the numerator must be a number (or true/false), not VARCHAR"),
    ("lower(weight)", "not valid over the data"),
])
def test_it_refuses_a_bad_expression_before_computing(data, numerator, message):
    stages: list[str] = []
    specs = [spec(code="GOOD"), spec(code="REC_COST_SHARE", numerator=numerator)]
    with pytest.raises(InputError) as raised:
        compute(data, specs, progress=lambda d, t, s: stages.append(s), spec_source="spec.yaml")
    assert raised.value.source == "spec.yaml"
    [problem] = raised.value.problems
    assert str(problem).startswith(f"indicators[1] (REC_COST_SHARE).numerator: {message}")
    assert "\n" not in str(problem)
    assert "aggregate" not in stages


def test_it_collects_every_expression_problem_of_every_indicator(data):
    specs = [spec(code="A", numerator="read_csv('x')", filter="weight"), spec(code="B", denominator="missing_col")]
    with pytest.raises(InputError) as raised:
        compute(data, specs, spec_source="spec.yaml")
    assert raised.value.lines() == [
        "spec.yaml: indicators[0] (A).numerator: function read_csv is not allowed",
        "spec.yaml: indicators[0] (A).filter: a filter must be true or false, not BIGINT",
        "spec.yaml: indicators[1] (B).denominator: column 'missing_col' is not in the data",
    ]


def test_it_runs_the_expression_rendered_from_the_checked_tree():
    columns = {"weight": "Weight", "sex": "sex"}
    checked = check_expression("WEIGHT /* a comment */ * 2 > 1 AND sex IN ('female', 'other')", columns)
    assert checked.sql == '"Weight" * 2 > 1 AND "sex" IN (\'female\', \'other\')'
    assert checked.conjuncts == ('"Weight" * 2 > 1', "\"sex\" IN ('female', 'other')")
    assert check_expression("date_part(sex, weight)", columns).problems == (
        "date_part takes the part as a literal string, such as date_part('year', d)",)


def test_it_allows_the_listed_functions():
    columns = {"x": "x", "d": "d", "s": "s"}
    calls = {"power": "power(x, 2)", "least": "least(x, 1)", "greatest": "greatest(x, 1)",
             "coalesce": "coalesce(x, 0)", "nullif": "nullif(x, 0)", "round": "round(x, 2)",
             "date_part": "date_part('year', d)", "lower": "lower(s)", "upper": "upper(s)", "length": "length(s)",
             "trim": "trim(s)", "year": "year(d)", "month": "month(d)"}
    for name in ALLOWED_FUNCTIONS:
        checked = check_expression(calls.get(name, f"{name}(x)"), columns)
        assert checked.problems == (), name
    for text in ("CASE WHEN x BETWEEN 1 AND 2 THEN 1 ELSE 0 END", "CAST(s AS DOUBLE) % 2", "NOT x IS NULL OR -x < 0",
                 "x <> 1 AND s LIKE 'f%'", "CAST(s AS DATE) IS NOT NULL", "TRUE", "NULL"):
        assert check_expression(text, columns).problems == (), text


def test_it_refuses_casts_to_other_types_and_other_syntax():
    columns = {"x": "x"}
    for text, message in [("CAST(x AS INT[])", "CAST to INT[] is not allowed"),
                          ("x IN (1, x)", "IN takes a list of literal values"),
                          ("x || 'a'", "|| is not allowed in an expression"),
                          ("t.x", "t.x: only plain column names are allowed"),
                          ("if(x, 1, 0)", "function if is not allowed; write CASE WHEN … THEN … ELSE … END"),
                          ("x = ?", "parameters are not allowed")]:
        assert check_expression(text, columns).problems == (message,), text


def test_it_refuses_a_spec_asking_for_too_many_dimensions_or_grouping_sets(data):
    nine_groups_of_four = tuple(tuple(f"d{n}_{m}" for m in range(4)) for n in range(9))  # 36 dimensions
    sixes_of_twelve = tuple(itertools.combinations([f"d{n}" for n in range(12)], 6))  # every subset up to 6: 2510
    for by in (nine_groups_of_four, sixes_of_twelve):
        with pytest.raises(InputError, match="at most 32 dimensions and 1024 grouping sets"):
            compute(data, [spec(by=by)])


# Spec files.

def test_it_reads_a_spec():
    assert read_spec(SPEC, "spec.yaml")[0] == IndicatorSpec(
        code="REC_COST_SHARE", numerator="recruitment_cost / monthly_income", denominator="1", weight="weight",
        filter="year = 2024", by=(("sex",), ("sex", "destination")), min_units=1)
    assert read_spec(SPEC, "spec.yaml")[2].denominator is None


def test_it_refuses_a_malformed_spec_with_every_problem_and_its_path():
    text = """\
indicators:
  - code: A
    numerator: x
    colour: red
  - code: A
    numerator: x
  - code: 9bad
    numerator: ""
    by: [sex]
    min_units: 0
  - code: C
    numerator: x
    weight: [w]
    by: [[sex, sex], [value]]
    filter: true
  - numerator: x
extra: 1
"""
    with pytest.raises(InputError) as raised:
        read_spec(text, "spec.yaml")
    assert raised.value.lines() == [
        "spec.yaml: extra: unknown key",
        "spec.yaml: indicators[0].colour: unknown key",
        "spec.yaml: indicators[1].code: 'A' is already the code of another indicator",
        "spec.yaml: indicators[2].code: a letter then letters, digits or _ (at most 64), not '9bad'",
        "spec.yaml: indicators[2].numerator: a SQL expression in a string, not ''",
        "spec.yaml: indicators[2].by[0]: a non-empty list of column names (the total is always computed)",
        "spec.yaml: indicators[2].min_units: a whole number of at least 1, not 0",
        "spec.yaml: indicators[3].filter: a SQL expression in a string, not True",
        "spec.yaml: indicators[3].weight: a column name, not ['w']",
        "spec.yaml: indicators[3].by[0]: a dimension appears twice in the group",
        "spec.yaml: indicators[3].by[1]: 'value' is the name of an output column",
        "spec.yaml: indicators[4].code: required",
    ]


@pytest.mark.parametrize(("text", "line"), [
    ("indicators: [", "spec.yaml: not valid YAML"),
    ("- a\n- b", "spec.yaml: a spec is a mapping with an `indicators` list"),
    ("indicators: []", "spec.yaml: indicators: a non-empty list of indicators is required"),
])
def test_it_refuses_a_spec_that_is_not_a_list_of_indicators(text, line):
    with pytest.raises(InputError) as raised:
        read_spec(text, "spec.yaml")
    assert raised.value.lines()[0].startswith(line)


# Data files.

def test_it_names_the_file_and_the_column_when_a_weight_or_by_column_is_missing(data):
    specs = [spec(code="A", weight="wt", by=(("sex", "Destination"), ("area",)))]
    with pytest.raises(InputError) as raised:
        compute(data, specs)
    assert raised.value.source == str(data)
    assert raised.value.lines() == [
        f"{data}: indicators[0] (A).weight: column 'wt' is not in the data",
        f"{data}: indicators[0] (A).by: column 'Destination' is not in the data (did you mean 'destination'?)",
        f"{data}: indicators[0] (A).by: column 'area' is not in the data",
    ]


def test_it_refuses_a_weight_that_is_not_a_number(data):
    with pytest.raises(InputError, match="column 'sex' holds VARCHAR, not numbers"):
        compute(data, [spec(weight="sex")])


@pytest.mark.parametrize(("name", "content", "message"), [
    ("absent.csv", None, "no such file"),
    ("junk.parquet", b"this is not parquet", "not a Parquet file"),
    ("broken.parquet", b"PAR1\x00\x01garbage", "cannot read the file"),
    ("binary.csv", bytes(range(256)) * 8, "not a CSV file with a header row"),
    ("empty.csv", b"", "the file is empty"),
])
def test_it_refuses_a_data_file_it_cannot_read(tmp_path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError) as raised:
        compute(path, [spec()])
    assert raised.value.source == str(path)
    assert message in raised.value.lines()[0]


def test_it_names_the_data_file_when_a_value_cannot_be_converted_during_the_scan(data):
    with pytest.raises(InputError) as raised:
        compute(data, [spec(numerator="CAST(sex AS INTEGER)")])
    assert raised.value.lines()[0].startswith(f"{data}: cannot compute over the data: Conversion Error")


def test_it_publishes_a_value_that_is_not_a_number_blank(data):
    out = rows(compute(data, [spec(numerator="weight", denominator="weight - weight", by=())]))
    assert out == [{"indicator": "X", "value": "", "units": "19", "status": "published"}]


def test_it_refuses_a_directory(tmp_path):
    with pytest.raises(InputError, match="not a file"):
        compute(tmp_path, [spec()])

"""Safe SQL expressions from a spec that may be untrusted: an allow-list over the sqlglot AST, then a DuckDB bind.

An expression is parsed alone (duckdb dialect) and every node of its tree must be allowed: column references,
literals, arithmetic, comparisons, boolean logic, IS [NOT] NULL, IN (literal list), BETWEEN, CASE WHEN, CAST to a
few types and the scalar functions of `ALLOWED_FUNCTIONS`. What runs is the expression re-rendered from the
checked tree (comments dropped, identifiers quoted and spelled as in the data), never the text as written. DuckDB
then binds `SELECT <expr> FROM <empty copy of the data>`, which catches type errors without reading any row. A
numerator or denominator must be a number or true/false (counted 1 or 0); a filter must be true/false.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import duckdb
import sqlglot
from sqlglot import exp
from sqlglot.errors import SqlglotError
from sqlglot.tokens import TokenType

from grmg.core.i18n import _
from grmg.core.indicators.spec import IndicatorSpec
from grmg.core.problems import InputError, Problem

DIALECT = "duckdb"
# Scalar functions an expression may call, by the name users write. Extend with care: never a function that reads
# or writes files, reaches the network, reads settings or the environment, or runs for long on one value
# (regular expressions). `date_part` must be given its part as a literal string.
ALLOWED_FUNCTIONS = (
    "abs", "round", "floor", "ceil", "sqrt", "ln", "log10", "exp", "power",
    "least", "greatest", "coalesce", "nullif",
    "lower", "upper", "length", "trim",
    "year", "month", "date_part",
)
# Types a CAST may convert to: numbers, text, true/false, and DATE so that year() and month() work on text dates.
ALLOWED_CAST_TYPES = frozenset({
    exp.DataType.Type.TINYINT, exp.DataType.Type.SMALLINT, exp.DataType.Type.INT, exp.DataType.Type.BIGINT,
    exp.DataType.Type.INT128, exp.DataType.Type.UTINYINT, exp.DataType.Type.USMALLINT, exp.DataType.Type.UINT,
    exp.DataType.Type.UBIGINT, exp.DataType.Type.FLOAT, exp.DataType.Type.DOUBLE, exp.DataType.Type.DECIMAL,
    exp.DataType.Type.VARCHAR, exp.DataType.Type.TEXT, exp.DataType.Type.CHAR,
    exp.DataType.Type.BOOLEAN, exp.DataType.Type.DATE,
})
# Syntax allowed besides function calls. LIKE and ILIKE count as comparisons (patterns without regular expressions).
_OPERATORS: tuple[type[exp.Expr], ...] = (
    exp.Column, exp.Literal, exp.Boolean, exp.Null, exp.Paren, exp.Neg,
    exp.Add, exp.Sub, exp.Mul, exp.Div, exp.Mod,
    exp.EQ, exp.NEQ, exp.GT, exp.GTE, exp.LT, exp.LTE, exp.NullSafeEQ, exp.NullSafeNEQ, exp.Like, exp.ILike,
    exp.And, exp.Or, exp.Not, exp.Is, exp.In, exp.Between, exp.Case, exp.If,
    exp.Cast, exp.TryCast, exp.DataType, exp.DataTypeParam,
)
_SYNTAX_NAMES = {"dpipe": "||", "intdiv": "//", "dot": _("a method call or field access"), "alias": "AS",
                 "bytestring": _("a byte string"), "interval": "INTERVAL", "bracket": "[…]", "tuple": _("a tuple")}
NUMERIC_TYPES = ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT", "UTINYINT", "USMALLINT", "UINTEGER",
                 "UBIGINT", "UHUGEINT", "FLOAT", "DOUBLE", "DECIMAL")


def _function_classes() -> dict[type[exp.Expr], str]:
    """Map the sqlglot class each allowed function parses to, to the function's name (Anonymous excluded)."""
    classes: dict[type[exp.Expr], str] = {}
    for name in ALLOWED_FUNCTIONS:
        try:
            node = sqlglot.parse_one(f"{name}(x)", read=DIALECT)
        except SqlglotError:
            node = sqlglot.parse_one(f"{name}(x, y)", read=DIALECT)
        if not isinstance(node, exp.Anonymous):
            classes[type(node)] = name
    return classes


_FUNCTION_CLASSES = _function_classes()
_ANONYMOUS_FUNCTIONS = frozenset(ALLOWED_FUNCTIONS) - frozenset(_FUNCTION_CLASSES.values())


@dataclass(frozen=True)
class Expression:
    """One checked expression: the SQL to run (None if refused), why not, the columns it reads, its AND terms."""

    sql: str | None
    problems: tuple[str, ...]
    columns: frozenset[str]
    conjuncts: tuple[str, ...]  # the SQL of each top-level AND term (the whole expression if it is not an AND)


@dataclass(frozen=True)
class CheckedIndicator:
    """An indicator whose expressions passed the checks: the SQL to run and the types DuckDB gave them."""

    spec: IndicatorSpec
    numerator: str
    denominator: str | None
    filter: str | None
    numerator_type: str
    denominator_type: str | None
    columns: tuple[str, ...]  # data columns the expressions read
    filter_conjuncts: tuple[str, ...] = ()


def check_expression(text: str, columns: Mapping[str, str]) -> Expression:
    """Check one expression against the allow-list; the SQL to run is rendered from the tree and checked again."""
    # `columns` maps each data column's lower-cased name to its name (DuckDB matches names case-insensitively).
    tree, problems, used = _checked_tree(text, columns)
    if tree is None:
        return Expression(None, tuple(problems), frozenset(used), ())
    for column in tree.find_all(exp.Column):
        column.set("this", exp.to_identifier(columns[column.name.lower()], quoted=True))
    rendered = _render(tree)
    again, problems_again, _used = _checked_tree(rendered, columns)
    if again is None or _render(again) != rendered:
        message = _("the expression cannot be checked: write it more simply")
        return Expression(None, (message, *problems_again), frozenset(used), ())
    return Expression(rendered, (), frozenset(used), tuple(_render(term) for term in _conjuncts(tree)))


def _render(tree: exp.Expr) -> str:
    """The SQL of a tree: DuckDB dialect, every identifier quoted, comments dropped."""
    return tree.sql(dialect=DIALECT, identify=True, comments=False)


def _conjuncts(tree: exp.Expr) -> list[exp.Expr]:
    """The terms of a top-level AND, through parentheses."""
    while isinstance(tree, exp.Paren):
        tree = tree.this
    if isinstance(tree, exp.And):
        return _conjuncts(tree.left) + _conjuncts(tree.right)
    return [tree]


def _checked_tree(text: str, columns: Mapping[str, str]) -> tuple[exp.Expr | None, list[str], set[str]]:
    """Parse one expression and check every node; the tree (None if refused), problems, columns read."""
    try:
        tokens = sqlglot.Dialect.get_or_raise(DIALECT).tokenize(text)
        if any(token.token_type == TokenType.SEMICOLON for token in tokens):
            return None, [_("a single expression is allowed, without ;")], set()
        trees = sqlglot.parse(text, read=DIALECT)
    except RecursionError:
        return None, [_("the expression is nested too deeply")], set()
    except SqlglotError as exc:
        return None, [_("not valid SQL: %s") % _first_line(str(exc))], set()
    if len(trees) != 1 or trees[0] is None:
        return None, [_("a single expression is allowed")], set()
    tree = trees[0]
    problems: list[str] = []
    used: set[str] = set()
    refused: set[int] = set()
    for node in tree.walk(prune=lambda node: id(node) in refused):
        message = _refusal(node, columns, used)
        if message:
            refused.add(id(node))
            if message not in problems:
                problems.append(message)
    return (None if problems else tree), problems, used


def _refusal(node: exp.Expr, columns: Mapping[str, str], used: set[str]) -> str | None:
    """Why this node is not allowed, or None when it is."""
    if isinstance(node, exp.Identifier):
        return None if isinstance(node.parent, exp.Column) else _("identifier %s is not allowed here") % node.sql()
    if isinstance(node, exp.Column):
        if not isinstance(node.this, exp.Identifier) or len(node.parts) != 1:
            return _("%s: only plain column names are allowed") % node.sql()
        if node.name.lower() not in columns:
            return _("column %r is not in the data") % node.name
        used.add(columns[node.name.lower()])
        return None
    if isinstance(node, exp.Star):
        return _("* is not allowed")
    if isinstance(node, exp.Subquery | exp.Query | exp.Exists):
        return _("subqueries are not allowed")
    if isinstance(node, exp.Window):
        return _("window functions are not allowed")
    if isinstance(node, exp.Placeholder | exp.Parameter):
        return _("parameters are not allowed")
    if isinstance(node, exp.Literal):
        return None if node.is_string or node.is_number else _("literal %s is not allowed") % node.sql()
    if isinstance(node, exp.If) and not isinstance(node.parent, exp.Case):
        return _("function if is not allowed; write CASE WHEN … THEN … ELSE … END")
    if isinstance(node, exp.In):
        if node.args.get("query"):
            return _("subqueries are not allowed")
        literal = (exp.Literal, exp.Boolean, exp.Null)
        items = node.expressions
        if not items or node.args.get("query") or node.args.get("unnest") or node.args.get("field") or not all(
                isinstance(e, literal) or (isinstance(e, exp.Neg) and isinstance(e.this, exp.Literal)) for e in items):
            return _("IN takes a list of literal values")
        return None
    if isinstance(node, exp.DataType):
        if node.this not in ALLOWED_CAST_TYPES or any(not isinstance(e, exp.DataTypeParam) for e in node.expressions):
            return _("CAST to %s is not allowed") % node.sql(dialect=DIALECT)
        return None
    if isinstance(node, exp.Cast) and (node.args.get("to") is None or any(
            value is not None for key, value in node.args.items() if key not in ("this", "to", "safe"))):
        return _("only CAST(value AS type) is allowed")
    if isinstance(node, exp.DataTypeParam):
        return None if isinstance(node.parent, exp.DataType) else _("%s is not allowed") % node.sql()
    if isinstance(node, _OPERATORS):
        return None
    if isinstance(node, exp.AggFunc):
        return _("aggregate function %s is not allowed") % _function_name(node)
    if isinstance(node, exp.Anonymous):
        name = node.name.lower()
        if name not in _ANONYMOUS_FUNCTIONS:
            return _("function %s is not allowed") % name
        if name == "date_part" and not (node.expressions and isinstance(node.expressions[0], exp.Literal)
                                        and node.expressions[0].is_string):
            return _("date_part takes the part as a literal string, such as date_part('year', d)")
        return None
    if isinstance(node, exp.Func):
        return None if type(node) in _FUNCTION_CLASSES else _("function %s is not allowed") % _function_name(node)
    return _("%s is not allowed in an expression") % _SYNTAX_NAMES.get(node.key, node.key.upper())


def _function_name(node: exp.Func) -> str:
    """A function's name as users write it, for messages."""
    return node.name.lower() if isinstance(node, exp.Anonymous) else node.sql_name().lower()


def _first_line(message: str) -> str:
    """The first line of an error message, at most 200 characters."""
    line = " ".join(message.strip().splitlines()[0].split()) if message.strip() else message
    return line if len(line) <= 200 else line[:199] + "…"


def check_indicators(con: duckdb.DuckDBPyConnection, table: str, specs: Sequence[IndicatorSpec], source: str,
                     progress: Callable[[int, int, str], None] | None = None) -> list[CheckedIndicator]:
    """Check every indicator's expressions over `table` (an empty copy of the data); InputError lists all problems."""
    described = con.execute(f"DESCRIBE SELECT * FROM {table}").fetchall()
    columns = {str(row[0]).lower(): str(row[0]) for row in described}
    problems: list[Problem] = []
    checked: list[CheckedIndicator] = []
    for n, spec in enumerate(specs):
        where = f"indicators[{n}] ({spec.code})"
        sql: dict[str, str] = {}
        types: dict[str, str] = {}
        used: set[str] = set()
        conjuncts: tuple[str, ...] = ()
        for field in ("numerator", "denominator", "filter"):
            text = getattr(spec, field)
            if text is None:
                continue
            checked_expression = check_expression(text, columns)
            used |= checked_expression.columns
            problems += [Problem(f"{where}.{field}", message) for message in checked_expression.problems]
            rendered = checked_expression.sql
            if rendered is None:
                continue
            if field == "filter":
                conjuncts = checked_expression.conjuncts
            try:
                kind = str(con.sql(f"SELECT ({rendered}) AS v FROM {table} LIMIT 0").types[0])
            except duckdb.Error as exc:
                problems.append(Problem(f"{where}.{field}", _("not valid over the data: %s") % _first_line(str(exc))))
                continue
            message = _type_problem(field, kind)
            if message:
                problems.append(Problem(f"{where}.{field}", message))
                continue
            sql[field] = f"CAST(({rendered}) AS INTEGER)" if kind == "BOOLEAN" and field != "filter" else rendered
            types[field] = kind
        if progress:
            progress(n + 1, len(specs), "check")
        if "numerator" in sql and (spec.denominator is None or "denominator" in sql) and (
                spec.filter is None or "filter" in sql):
            checked.append(CheckedIndicator(spec, sql["numerator"], sql.get("denominator"), sql.get("filter"),
                                            types["numerator"], types.get("denominator"), tuple(sorted(used)),
                                            conjuncts))
    if problems:
        raise InputError(source, problems)
    return checked


def _type_problem(field: str, kind: str) -> str | None:
    """Why DuckDB's type for a field will not do, or None."""
    if field == "filter":
        return None if kind == "BOOLEAN" else _("a filter must be true or false, not %s") % kind
    if kind == "BOOLEAN" or kind.split("(")[0] in NUMERIC_TYPES:
        return None
    return _("the %s must be a number (or true/false), not %s") % (_(field), kind)

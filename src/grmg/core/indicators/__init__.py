"""Indicator computation from microdata, on DuckDB: specs, safe expressions, aggregation, results."""

"""Indicators: the registry, indicator sets agreed by consultation, observations, imports and exports."""

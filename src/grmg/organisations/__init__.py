"""Organisations and their members' roles, scoped to countries: who may see and do what."""

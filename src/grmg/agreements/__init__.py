"""Bilateral labour agreements and MOUs: the registry, their documents, screenings and the analysts' reviews."""

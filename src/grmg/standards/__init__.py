"""International standards: the catalogue of instruments and provisions, and who has ratified what."""

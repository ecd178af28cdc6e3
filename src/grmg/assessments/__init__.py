"""Assessment rounds: perspectives, criterion scores with rationale and evidence, review workflow."""

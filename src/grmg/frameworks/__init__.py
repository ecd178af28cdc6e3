"""Framework versions: the validated framework files loaded into the database, which rounds pin."""

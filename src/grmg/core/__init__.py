"""The pure core of grmg: framework data, scoring and comparison. It never imports Django."""

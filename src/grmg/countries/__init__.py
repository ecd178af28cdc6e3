"""Countries: the ISO 3166 list every assessment, membership and data set refers to."""

"""National laws and policies: the legal compliance review and the inventory of discriminatory provisions."""

"""grmg: gender-responsive migration governance."""

__version__ = "0.1.0"

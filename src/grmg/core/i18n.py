"""Marks the core's user-facing strings for translation without importing Django."""


def _(message: str) -> str:
    """Return message unchanged; the web and CLI layers translate it when they show it."""
    return message

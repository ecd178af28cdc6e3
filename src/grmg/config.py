"""The settings a deployment may change, read from environment variables and checked at start-up.

One table holds every setting with its type, default and meaning; Django's settings module reads it,
`grmg settings` prints it and the README documents it (a test keeps the two in step).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class ConfigError(Exception):
    """An environment variable holds a value its setting cannot take."""


def _boolean(raw: str) -> bool:
    value = raw.strip().lower()
    if value in {"1", "true", "yes", "on"}:
        return True
    if value in {"0", "false", "no", "off", ""}:
        return False
    raise ValueError("expected true or false")


def _whole(raw: str) -> int:
    value = int(raw)
    if value <= 0:
        raise ValueError("expected a positive whole number")
    return value


def _words(raw: str) -> list[str]:
    return [word.strip() for word in raw.split(",") if word.strip()]


def _default_data_dir() -> str:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return str(Path(base) / "grmg")


@dataclass(frozen=True)
class Setting:
    """One environment variable: how to read it, its default, and what it does."""

    name: str
    parse: Callable[[str], Any]
    default: str | Callable[[], str]
    help: str

    def default_text(self) -> str:
        """The default as the README shows it."""
        if not isinstance(self.default, str):
            return "see meaning"
        return f"`{self.default}`" if self.default else "empty"


SETTINGS: tuple[Setting, ...] = (
    Setting("GRMG_DATA_DIR", str, _default_data_dir,
            "Folder for the SQLite database, uploaded evidence and the generated secret key; "
            "default `$XDG_DATA_HOME/grmg` or `~/.local/share/grmg`."),
    Setting("DATABASE_URL", str, "",
            "Database, e.g. `postgres://user@127.0.0.1:5432/grmg`; empty means SQLite at "
            "`GRMG_DATA_DIR/grmg.sqlite3`."),
    Setting("GRMG_SECRET_KEY", str, "",
            "Django secret key; empty means one is generated once and kept in `GRMG_DATA_DIR/secret_key`."),
    Setting("GRMG_DEBUG", _boolean, "false", "Show Django's debug pages. Never on a shared server."),
    Setting("GRMG_ALLOWED_HOSTS", _words, "127.0.0.1,localhost", "Host names the server answers, comma-separated."),
    Setting("GRMG_CSRF_TRUSTED_ORIGINS", _words, "",
            "Origins allowed to post forms when behind a proxy, e.g. `https://grmg.example.org`."),
    Setting("GRMG_SECURE_COOKIES", _boolean, "false", "Send session and CSRF cookies over HTTPS only."),
    Setting("GRMG_MAX_UPLOAD_MB", _whole, "20", "Largest evidence file a user may upload, in megabytes."),
    Setting("GRMG_UPLOAD_TYPES", _words, "pdf,docx,odt,xlsx,ods,csv,txt,png,jpg",
            "File types accepted as evidence, by extension; the content must match the extension."),
    Setting("GRMG_LANGUAGE", str, "en", "Default interface language."),
    Setting("GRMG_TIME_ZONE", str, "UTC", "Time zone for dates shown in the interface."),
)


def read_settings(environ: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Every setting's value from the environment or its default; ConfigError names a bad variable."""
    environ = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for setting in SETTINGS:
        raw = environ.get(setting.name)
        if raw is None:
            raw = setting.default if isinstance(setting.default, str) else setting.default()
        try:
            values[setting.name] = setting.parse(raw)
        except ValueError as exc:
            raise ConfigError(f"{setting.name}: {exc} (got {raw!r})") from None
    return values


def settings_table() -> str:
    """The settings as a Markdown table."""
    rows = ["| variable | default | meaning |", "| --- | --- | --- |"]
    rows += [f"| `{s.name}` | {s.default_text()} | {s.help} |" for s in SETTINGS]
    return "\n".join(rows)

"""Loading framework files into the database, and finding the versions rounds use."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth.models import User
from django.db import transaction
from django.utils.translation import gettext as _

from grmg.core.framework import Framework, FrameworkError, load_framework_file, parse_framework
from grmg.core.problems import Problem
from grmg.frameworks.models import FrameworkVersion

SHIPPED_FRAMEWORK = Path(__file__).resolve().parent / "data" / "grmg-1.0.yaml"
SHIPPED_KEY = ("grmg", "1.0")  # id and version inside SHIPPED_FRAMEWORK (a test holds them equal)


def resolve_base(key: str) -> Framework | None:
    """The loaded framework a variant extends, by `id@version`."""
    framework_id, _sep, version = key.partition("@")
    stored = FrameworkVersion.objects.filter(framework_id=framework_id, version=version).first()
    return stored.framework if stored else None


def validate_file(path: Path) -> Framework:
    """Validate a framework or variant file (a variant's base must be loaded); FrameworkError lists problems."""
    return load_framework_file(path, resolve_base)


def load_file(path: Path, user: User | None = None) -> tuple[FrameworkVersion, bool]:
    """Validate and store a framework file; returns the version and whether it was new."""
    return store(validate_file(path), source_name=path.name, user=user)


def load_text(text: str, source_name: str, user: User | None = None) -> tuple[FrameworkVersion, bool]:
    """Validate and store framework text uploaded through the web."""
    return store(parse_framework(text, source_name, resolve_base), source_name=source_name, user=user)


@transaction.atomic
def store(framework: Framework, source_name: str,
          user: User | None = None) -> tuple[FrameworkVersion, bool]:
    """Store a validated framework; loading the same content again changes nothing."""
    fingerprint = framework.fingerprint()
    existing = FrameworkVersion.objects.filter(framework_id=framework.id, version=framework.version).first()
    if existing is not None:
        if existing.fingerprint != fingerprint:
            message = _("%(key)s is already loaded with different content; give the changed framework "
                        "a new version") % {"key": framework.key}
            raise FrameworkError(source_name, [Problem("version", message)])
        return existing, False
    version = FrameworkVersion.objects.create(
        framework_id=framework.id,
        version=framework.version,
        title=framework.title,
        language=framework.language,
        extends=framework.extends,
        data=framework.to_data(),
        fingerprint=fingerprint,
        source_name=source_name,
        loaded_by=user,
    )
    return version, True


def ensure_shipped() -> FrameworkVersion:
    """The framework that ships with grmg, loaded if it is not yet (validates the file: for set-up, not pages)."""
    version, _created = load_file(SHIPPED_FRAMEWORK)
    return version


def shipped_version() -> FrameworkVersion:
    """The shipped framework version as stored (one query), loading it the first time."""
    framework_id, version = SHIPPED_KEY
    stored = FrameworkVersion.objects.filter(framework_id=framework_id, version=version).defer("data").first()
    return stored or ensure_shipped()

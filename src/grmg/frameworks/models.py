"""A loaded framework version; its data never changes once an assessment round pins it."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from grmg.core.framework import Framework, framework_from_data


class FrameworkVersion(models.Model):
    """One version of a framework (the shipped one or an agency's variant), as validated data."""

    framework_id = models.CharField(_("framework id"), max_length=64)
    version = models.CharField(_("version"), max_length=32)
    title = models.CharField(_("title"), max_length=200)
    language = models.CharField(_("language"), max_length=16)
    extends = models.CharField(_("extends"), max_length=100, blank=True)
    data = models.JSONField(_("framework data"))
    fingerprint = models.CharField(_("SHA-256 of the data"), max_length=64)
    source_name = models.CharField(_("loaded from"), max_length=255)
    loaded_at = models.DateTimeField(_("loaded at"), auto_now_add=True)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["framework_id", "version"], name="one_framework_version")
        ]
        ordering = ["framework_id", "-loaded_at"]
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")

    def __str__(self) -> str:
        return f"{self.title} ({self.key})"

    @property
    def key(self) -> str:
        """`id@version`."""
        return f"{self.framework_id}@{self.version}"

    @property
    def framework(self) -> Framework:
        """The framework as core objects, parsed once per process."""
        cache_key = (self.pk, self.fingerprint)
        if cache_key not in _PARSED:
            _PARSED[cache_key] = framework_from_data(self.data, source=self.source_name)
        return _PARSED[cache_key]


# A framework version's data never changes, so each is parsed once per process.
_PARSED: dict[tuple[int, str], Framework] = {}

"""Checks every uploaded file gets: size, an allowed type, and content that matches its extension."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import PurePath

import filetype
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

TEXT_TYPES = frozenset({"txt", "csv", "md"})
# Office Open XML and OpenDocument files are zip archives; filetype names several of them by content.
ZIP_FAMILY = frozenset({"docx", "xlsx", "pptx", "odt", "ods", "odp", "zip"})


class UploadRefused(ValueError):
    """An upload that is too large, empty, of a type not allowed, or not what its name says."""


def extension_of(name: str) -> str:
    """A file name's extension, lower case, without the dot."""
    return PurePath(name).suffix.lower().lstrip(".")


def check_upload(upload: UploadedFile, allowed: Iterable[str]) -> str:
    """Refuse a file that is too large, empty or not of an allowed type; returns its SHA-256."""
    name = upload.name or ""
    extension = extension_of(name)
    accepted = list(allowed)
    if extension not in accepted:
        raise UploadRefused(_("%(name)s: files of type .%(ext)s are not accepted; accepted: %(allowed)s") % {
            "name": name, "ext": extension or "?", "allowed": ", ".join(accepted)})
    size = upload.size or 0
    if size > settings.MAX_UPLOAD_BYTES:
        raise UploadRefused(_("%(name)s: %(size).1f MB is over the limit of %(limit)d MB") % {
            "name": name, "size": size / 1024 / 1024, "limit": settings.MAX_UPLOAD_BYTES // 1024 // 1024})
    if size == 0:
        raise UploadRefused(_("%(name)s: the file is empty") % {"name": name})
    digest = hashlib.sha256()
    head = b""
    for chunk in upload.chunks():
        head = head or chunk[:8192]
        digest.update(chunk)
    upload.seek(0)
    if not content_matches(extension, head):
        raise UploadRefused(_("%(name)s: the content is not a .%(ext)s file") % {"name": name, "ext": extension})
    return digest.hexdigest()


def content_matches(extension: str, head: bytes) -> bool:
    """Whether the first bytes of a file fit its extension."""
    if extension in TEXT_TYPES:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A chunk boundary may split a character; only an error well inside the chunk counts.
            return exc.start >= len(head) - 4
        return b"\x00" not in head
    kind = filetype.guess(head)
    if kind is None:
        return False
    if extension in ZIP_FAMILY:
        return kind.extension in ZIP_FAMILY
    return kind.extension == extension or (extension == "jpeg" and kind.extension == "jpg")

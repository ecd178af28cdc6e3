"""Settings for the test suite: the real settings, with data in a temporary folder and a fast hasher."""

import os
import tempfile

os.environ.setdefault("GRMG_DATA_DIR", tempfile.mkdtemp(prefix="grmg-test-"))

from grmg.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

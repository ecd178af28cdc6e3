from pathlib import Path

import pytest

from grmg.config import ConfigError, read_settings, settings_table

README = Path(__file__).resolve().parent.parent / "README.md"


def test_it_reads_defaults_that_suit_a_laptop():
    values = read_settings({"XDG_DATA_HOME": "/data"})
    assert values["DATABASE_URL"] == ""
    assert values["GRMG_DEBUG"] is False
    assert values["GRMG_ALLOWED_HOSTS"] == ["127.0.0.1", "localhost"]
    assert values["GRMG_MAX_UPLOAD_MB"] == 20


def test_it_reads_values_from_the_environment():
    values = read_settings({"GRMG_DEBUG": "yes", "GRMG_MAX_UPLOAD_MB": "5", "GRMG_UPLOAD_TYPES": "pdf, docx"})
    assert values["GRMG_DEBUG"] is True
    assert values["GRMG_MAX_UPLOAD_MB"] == 5
    assert values["GRMG_UPLOAD_TYPES"] == ["pdf", "docx"]


@pytest.mark.parametrize(("name", "value", "message"), [
    ("GRMG_MAX_UPLOAD_MB", "lots", "GRMG_MAX_UPLOAD_MB: invalid literal"),
    ("GRMG_MAX_UPLOAD_MB", "0", "GRMG_MAX_UPLOAD_MB: expected a positive whole number (got '0')"),
    ("GRMG_DEBUG", "perhaps", "GRMG_DEBUG: expected true or false (got 'perhaps')"),
])
def test_it_names_a_bad_setting(name, value, message):
    with pytest.raises(ConfigError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_settings({name: value})


def test_it_documents_every_setting_in_the_readme():
    assert settings_table() in README.read_text()

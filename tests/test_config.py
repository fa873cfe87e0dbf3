"""Settings: defaults < policygraph.toml < POLICYGRAPH_* environment < flags; bad values are clear errors."""

import pytest

from policygraph.config import Settings, load_settings
from policygraph.errors import ConfigError


def test_layers_override_in_order(tmp_path):
    (tmp_path / "policygraph.toml").write_text('[policygraph]\nstore = "from-file"\nbatch_size = 8\nprocesses = 3\n')
    env = {"POLICYGRAPH_STORE": "from-env", "POLICYGRAPH_BATCH_SIZE": "16"}
    settings = load_settings({"store": "from-flag", "batch_size": None}, cwd=tmp_path, environ=env)
    assert settings.store == "from-flag"
    assert settings.batch_size == 16
    assert settings.processes == 3
    assert settings.base_iri == Settings().base_iri


def test_secrets_come_only_from_the_environment_and_are_not_shown(tmp_path):
    (tmp_path / "policygraph.toml").write_text('endpoint_password = "file-secret"\n')
    with pytest.raises(ConfigError, match="unknown setting"):
        load_settings(cwd=tmp_path, environ={})
    settings = load_settings(cwd=tmp_path / "none", environ={"POLICYGRAPH_ENDPOINT_PASSWORD": "s3cret"})
    assert settings.endpoint_password == "s3cret" and "s3cret" not in repr(settings)


@pytest.mark.parametrize("text, message", [
    ("policygraph = 3\n", "must be a table"),
    ("[policygraph]\nstore = \n", "not valid TOML"),
    ("[policygraph]\nmax_bytes = inf\n", "max_bytes.*number"),
    ("[policygraph]\nmax_bytes = -5\n", "above 0"),
    ("[policygraph]\nbogus = 1\n", "unknown setting 'bogus'; valid:"),
])
def test_bad_configuration_files(tmp_path, text, message):
    (tmp_path / "policygraph.toml").write_text(text)
    with pytest.raises(ConfigError, match=message):
        load_settings(cwd=tmp_path, environ={})


@pytest.mark.parametrize("value", ["abc", "nan", "0", "-1", "1e400"])
def test_bad_numbers_from_the_environment(tmp_path, value):
    with pytest.raises(ConfigError, match="query_timeout"):
        load_settings(cwd=tmp_path, environ={"POLICYGRAPH_QUERY_TIMEOUT": value})

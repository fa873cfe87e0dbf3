"""Settings: defaults < ``policygraph.toml`` < ``POLICYGRAPH_*`` environment variables < command-line flags.

Secrets (endpoint credentials) are read only from the environment (``POLICYGRAPH_ENDPOINT_USER``,
``POLICYGRAPH_ENDPOINT_PASSWORD``) and are never part of ``Settings`` repr or output.
"""

from __future__ import annotations

import dataclasses
import math
import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from policygraph.errors import ConfigError

CONFIG_FILE = "policygraph.toml"
ENV_PREFIX = "POLICYGRAPH_"


@dataclass(frozen=True)
class Settings:
    """Every tunable setting with its default."""

    store: str = "policygraph-store"
    store_kind: str = "oxigraph"
    endpoint: str | None = None
    update_endpoint: str | None = None
    base_iri: str = "https://w3id.org/policygraph/data/"
    max_bytes: int = 5_000_000
    #: readings below this confidence stay out of the extraction and the graph (extract.pipeline says which)
    min_confidence: float = 0.7
    batch_size: int = 32
    processes: int = 1
    query_timeout: float = 60.0
    #: bytes of memory a query on an embedded store may use (it runs in a child process bounded to this)
    query_memory: int = 768_000_000
    result_limit: int = 10_000
    endpoint_user: str | None = field(default=None, repr=False)
    endpoint_password: str | None = field(default=None, repr=False)


_SECRETS = {"endpoint_user", "endpoint_password"}


def load_settings(flags: dict[str, Any] | None = None, cwd: Path | None = None,
                  environ: dict[str, str] | None = None) -> Settings:
    """Merge defaults, the TOML file in ``cwd``, the environment and explicit flags (None flags are ignored)."""
    environ = os.environ if environ is None else environ
    fields = {f.name: f for f in dataclasses.fields(Settings)}
    values: dict[str, Any] = {}
    path = (cwd or Path.cwd()) / CONFIG_FILE
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"{path}: not valid TOML: {exc}") from None
        table = data.get("policygraph", data)
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [policygraph] must be a table of settings, got {table!r}")
        for key, value in table.items():
            name = key.replace("-", "_")
            if name not in fields or name in _SECRETS:
                valid = ", ".join(sorted(n for n in fields if n not in _SECRETS))
                raise ConfigError(f"{path}: unknown setting {key!r}; valid: {valid}")
            values[name] = value
    for name in fields:
        env = environ.get(ENV_PREFIX + name.upper())
        if env is not None:
            values[name] = env
    for name, value in (flags or {}).items():
        if value is not None and name in fields and name not in _SECRETS:
            values[name] = value
    return Settings(**{name: _coerce(name, value, fields[name]) for name, value in values.items()})


def _coerce(name: str, value: Any, spec: dataclasses.Field) -> Any:
    default = spec.default
    if name == "min_confidence":
        return confidence_threshold(value)
    if isinstance(default, bool):
        return value if isinstance(value, bool) else str(value).lower() in ("1", "true", "yes")
    if isinstance(default, int | float):
        return positive_number(name, value, int if isinstance(default, int) else float)
    return None if value in ("", None) else str(value)


def confidence_threshold(value: Any) -> float:
    """``value`` as a confidence threshold between 0 and 1, or a ConfigError naming the bad value."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise ConfigError(f"setting 'min_confidence': expected a number from 0 to 1, got {value!r}") from None
    if not 0 <= number <= 1:
        raise ConfigError(f"setting 'min_confidence': expected a number from 0 to 1, got {value!r}")
    return number


def positive_number(name: str, value: Any, kind: type = float) -> int | float:
    """``value`` as a finite number > 0, or a ConfigError naming the setting and the bad value."""
    try:
        number = kind(value)
    except (TypeError, ValueError, OverflowError):
        raise ConfigError(f"setting {name!r}: expected a number, got {value!r}") from None
    if not math.isfinite(number) or number <= 0:
        raise ConfigError(f"setting {name!r}: expected a finite number above 0, got {value!r}")
    return number

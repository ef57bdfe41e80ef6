"""The plugin's options in mkdocs.yml, made from the core's `Column` declaration.

Each setting is declared once, as a field of `Column` (or `SiteIdentity`, its `footer:`); this
module turns those fields into MkDocs config options with the same defaults, and a validated
config back into a `Column`. MkDocs reports a bad value with the option's key, as for any plugin.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from enum import Enum
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from ..core.model import Column


def _option_name(field: dataclasses.Field[Any]) -> str:
    return str(field.metadata.get("option", field.name))


def _option(kind: Any, field: dataclasses.Field[Any]) -> base.BaseConfigOption[Any]:
    """The MkDocs option for one dataclass field."""
    args = typing.get_args(kind)
    if typing.get_origin(kind) in (typing.Union, types.UnionType) and type(None) in args:
        (inner,) = (a for a in args if a is not type(None))
        return c.Optional(c.Type(inner))
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return c.SubConfig(options_class(kind))
    if isinstance(kind, type) and issubclass(kind, Enum):
        return c.Choice([m.value for m in kind], default=field.default.value)
    return c.Type(kind, default=field.default)


def options_class(model: type) -> type[base.Config]:
    """A MkDocs `Config` class whose options are the fields of `model`."""
    hints = typing.get_type_hints(model)
    options = {
        _option_name(f): _option(hints[f.name], f) for f in dataclasses.fields(model) if f.init
    }
    return type(f"{model.__name__}Options", (base.Config,), options)


BulletinConfig = options_class(Column)


def to_model(model: type[Any], config: base.Config) -> Any:
    """The core's settings object from a validated config, free of MkDocs types."""
    hints = typing.get_type_hints(model)
    values: dict[str, Any] = {}
    for field in dataclasses.fields(model):
        value = config[_option_name(field)]
        kind = hints[field.name]
        if dataclasses.is_dataclass(kind):
            value = to_model(kind, value)  # type: ignore[arg-type]
        elif isinstance(kind, type) and issubclass(kind, Enum):
            value = kind(value)
        elif isinstance(value, str) and not value.strip():
            value = None if field.default is None else value  # an empty setting is not set
        values[field.name] = value
    return model(**values)


def to_column(config: base.Config) -> Column:
    """The column's settings from the plugin's validated options."""
    column: Column = to_model(Column, config)
    return column

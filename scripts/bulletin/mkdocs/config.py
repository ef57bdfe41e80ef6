"""The plugin's options in mkdocs.yml, made from the core's `Column` declaration.

Each setting is declared once, as a field of `Column` (or `SiteIdentity`, its `footer:`); this
module turns those fields into MkDocs config options with the same defaults, and a validated
config back into a `Column`. MkDocs reports a bad value with the option's key, as for any plugin.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from collections.abc import Callable
from enum import Enum
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.config.base import ValidationError

from ..core.model import Column


def _option_name(field: dataclasses.Field[Any]) -> str:
    return str(field.metadata.get("option", field.name))


def _default(field: dataclasses.Field[Any]) -> Any:
    if field.default_factory is not dataclasses.MISSING:
        return field.default_factory()
    return field.default


class _Parsed(base.BaseConfigOption[Any]):
    """An option read by a core parser, whose ValueError carries the Chinese message."""

    def __init__(self, parse: Callable[[Any], Any], default: Any) -> None:
        super().__init__()
        self.parse, self.default = parse, default

    def run_validation(self, value: object) -> Any:
        if value is None or value == self.default:
            return self.default
        try:
            return self.parse(value)
        except ValueError as error:
            raise ValidationError(str(error)) from None


def _option(kind: Any, field: dataclasses.Field[Any]) -> base.BaseConfigOption[Any]:
    """The MkDocs option for one dataclass field."""
    default = _default(field)
    if "parse" in field.metadata:
        return _Parsed(field.metadata["parse"], default)
    if "choices" in field.metadata:
        choices = field.metadata["choices"]
        if default in choices:
            return c.Choice(choices, default=default)
        return c.Optional(c.Choice(choices))
    if isinstance(kind, type) and issubclass(kind, Enum):
        return c.Choice([m.value for m in kind], default=default.value)
    if isinstance(kind, type) and dataclasses.is_dataclass(kind):
        return c.SubConfig(options_class(kind))
    args = typing.get_args(kind)
    if typing.get_origin(kind) in (typing.Union, types.UnionType) and type(None) in args:
        (inner,) = (a for a in args if a is not type(None))
        return c.Optional(c.Type(inner))
    return c.Type(kind, default=default)


def _options(model: type) -> dict[str, base.BaseConfigOption[Any]]:
    """Option name → option for each field; a `flatten` group's fields stand at this level."""
    hints = typing.get_type_hints(model)
    options: dict[str, base.BaseConfigOption[Any]] = {}
    for field in dataclasses.fields(model):
        if field.metadata.get("flatten"):
            options |= _options(hints[field.name])
        elif field.init and not field.metadata.get("internal"):
            options[_option_name(field)] = _option(hints[field.name], field)
    return options


def options_class(model: type) -> type[base.Config]:
    """A MkDocs `Config` class whose options are the fields of `model`."""
    return type(f"{model.__name__}Options", (base.Config,), _options(model))


BulletinConfig = options_class(Column)


def to_model(model: type[Any], config: base.Config) -> Any:
    """The core's settings object from a validated config, free of MkDocs types."""
    hints = typing.get_type_hints(model)
    values: dict[str, Any] = {}
    for field in dataclasses.fields(model):
        kind = hints[field.name]
        if field.metadata.get("flatten"):
            values[field.name] = to_model(kind, config)
            continue
        if field.metadata.get("internal"):
            continue
        value = config[_option_name(field)]
        if value is None:
            value = _default(field)
        elif isinstance(kind, type) and dataclasses.is_dataclass(kind):
            value = to_model(kind, value)
        elif isinstance(kind, type) and issubclass(kind, Enum):
            value = kind(value)
        elif isinstance(value, str) and not value.strip():
            value = _default(field)  # an empty setting is not set
        values[field.name] = value
    return model(**values)


def to_column(config: base.Config) -> Column:
    """The column's settings from the plugin's validated options."""
    column: Column = to_model(Column, config)
    return column

"""JSON Schemas (draft 2020-12) of golf's JSON outputs: report, comparison, check and count.

Each schema is a file beside this module (`<kind>.schema.json`); the shared definitions are in
`common.schema.json`, referred to by its `$id` (`urn:golf:schema:common`). Validating needs a JSON Schema
library: `validator(kind)` uses `jsonschema` (installed with golf's `test` extra).
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files
from typing import Any

#: The outputs that have a schema, by their `kind` field.
KINDS = ("report", "comparison", "check", "count")


@cache
def _load(name: str) -> dict[str, Any]:
    return json.loads(files(__name__).joinpath(f"{name}.schema.json").read_text(encoding="utf-8"))


def schema(kind: str) -> dict[str, Any]:
    """The schema of the output whose `kind` is `kind`, or of `common` (the shared definitions)."""
    if kind not in (*KINDS, "common"):
        raise ValueError(f"no schema for {kind!r}; choose one of {', '.join(KINDS)}")
    return _load(kind)


def validator(kind: str) -> Any:
    """A `jsonschema` validator for `kind`, resolving references to the shared definitions."""
    from jsonschema import Draft202012Validator
    from referencing import Registry, Resource

    resources = [(schema(name)["$id"], Resource.from_contents(schema(name))) for name in (*KINDS, "common")]
    return Draft202012Validator(schema(kind), registry=Registry().with_resources(resources))

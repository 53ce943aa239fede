"""The versioned JSON envelope of `golf check --json` and `golf count --json`, like the report's.

Each output is one object: `format_version`, `kind` (`check` or `count`), `generated` (ISO 8601, UTC),
`generator` (`golf X.Y.Z`), then the command's own fields. The schemas are in golf/schemas/.
"""

from __future__ import annotations

import datetime
import json
from typing import Any, TextIO

from golf import __version__
from golf.json_version import FORMAT_VERSION


def envelope(kind: str, **fields: Any) -> dict[str, Any]:
    """The common header of a JSON output, followed by `fields`."""
    generated = datetime.datetime.now(datetime.UTC).replace(microsecond=0).isoformat().replace("+00:00", "Z")
    return {
        "format_version": FORMAT_VERSION,
        "kind": kind,
        "generated": generated,
        "generator": f"golf {__version__}",
        **fields,
    }


def write_json(data: dict[str, Any], stream: TextIO) -> None:
    """`data` as indented JSON and a newline."""
    json.dump(data, stream, indent=2)
    stream.write("\n")

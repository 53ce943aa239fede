"""Atomic file writes: a reader sees the old file or the new one, never half of one.

The content goes to a temporary file in the target's own folder (so the rename cannot
cross file systems), is flushed to disk, and is renamed over the target with os.replace.
On any error the temporary file is removed and the previous file stays as it was.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Mapping
from pathlib import Path


def write_atomic(path: str | Path, content: str | bytes, *, encoding: str = "utf-8") -> None:
    """Write `content` to `path` atomically (text is encoded with `encoding`, newlines kept as given)."""
    target = Path(path)
    data = content.encode(encoding) if isinstance(content, str) else content
    temp = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
    # os.open with mode 0o666 lets the umask decide the permissions, as for an ordinary new file.
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def write_all_atomic(files: Mapping[str | Path, str | bytes]) -> None:
    """Write several files, each atomically, creating their folders; contents must be fully rendered already."""
    for path in files:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    for path, content in files.items():
        write_atomic(path, content)

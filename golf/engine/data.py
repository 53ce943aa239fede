"""The built-in data set, and writing the `input.txt` a variant reads.

Nothing is downloaded: the default documents are the census first names shipped inside
the `names` package (its female list, then its male list, in file order), lowercased,
with later duplicates dropped.
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

#: The files of the `names` package that make up the built-in data set, in order.
_NAME_LISTS = ("dist.female.first", "dist.male.first")


@cache
def builtin_names() -> tuple[str, ...]:
    """The built-in data set: lowercased first names, female list then male list, first occurrence kept."""
    seen: dict[str, None] = {}
    package = resources.files("names")
    for list_name in _NAME_LISTS:
        text = package.joinpath(list_name).read_text(encoding="ascii")
        for line in text.splitlines():
            fields = line.split()
            if fields:
                seen.setdefault(fields[0].lower(), None)
    return tuple(seen)


def builtin_text() -> str:
    """The built-in data set as the text of an `input.txt`: one name a line."""
    return "".join(name + "\n" for name in builtin_names())


class DataError(ValueError):
    """A data file that cannot serve as `input.txt`; the message names the file and what to do."""


def load_data(path: str | Path | None) -> bytes:
    """The bytes to write as `input.txt`: the built-in set when `path` is None, else the file's contents.

    Raises DataError with a message naming the file when it is missing, unreadable, empty,
    binary or not UTF-8 text.
    """
    if path is None:
        return builtin_text().encode("ascii")
    path = Path(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise DataError(f"{path}: data file not found; pass an existing text file with --data") from None
    except IsADirectoryError:
        raise DataError(f"{path}: is a directory; --data takes a text file with one document a line") from None
    except OSError as exc:
        raise DataError(f"{path}: cannot read data file ({exc.strerror})") from None
    if b"\0" in raw:
        raise DataError(f"{path}: looks binary (contains NUL bytes); --data takes a text file, one document a line")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise DataError(f"{path}: not UTF-8 text (bad byte at offset {exc.start}); re-encode it as UTF-8") from None
    if not any(line.strip() for line in text.splitlines()):
        raise DataError(f"{path}: has no non-blank lines; a data file needs at least one document")
    return raw


def write_input(directory: str | Path, data: bytes) -> Path:
    """Write `data` as `input.txt` in `directory` and return its path."""
    target = Path(directory) / "input.txt"
    target.write_bytes(data)
    return target


def edge_case_text() -> str:
    """The built-in edge cases: documents the built-in names never exercise (placeholder, see the pins branch)."""
    long_docs = ["abcdefghijklmnopqrstuvwxyz", "mariaelenadelcarmen", "jeanbaptisteantoine", "anna maria josefina"]
    odd = ["x", "Zoë", "Ødegård", "o'neil", "jean-luc", "r2d2", "  lead", "trail  ", "", "ALLCAPS"]
    return "".join(d + "\n" for d in [*long_docs * 6, *odd * 2])

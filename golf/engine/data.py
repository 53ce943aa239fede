"""The built-in data sets, and writing the `input.txt` a variant reads.

Nothing is downloaded: the default documents are the census first names shipped inside
the `names` package (its female list, then its male list, in file order), lowercased,
with later duplicates dropped. The edge-case data set is made from them and a fixed list
of awkward documents (see `edge_case_text`).
"""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path
from random import Random

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


#: The original's context length (`block_size`): a document of this many characters or more is cut.
CONTEXT_LENGTH = 16
#: Every this-many-th built-in name goes into the edge-case data set (about 200 ordinary names, so training works).
_EDGE_NAME_STRIDE = 26
#: Seeds for which the first document trained on (after the program's `random.seed(S); random.shuffle(docs)`)
#: is longer than the context, so even a one-step check exercises the context cut.
EDGE_CASE_SEEDS = (42, 0, 1, 7, 123, 1234, 1337, 2024)

#: Documents longer than the context, with inner whitespace, hyphens and apostrophes.
_LONG_DOCUMENTS = (
    "anna maria de los angeles",
    "maximilian alexander",
    "jean-baptiste emmanuel zorg",
    "mary-kate and ashley olsen",
    "bartholomew jeremiah o'neill",
    "christopher columbus junior",
    "wolfgang amadeus mozart",
    "leonardo di ser piero da vinci",
    "pablo diego josé francisco",
    "hubert blaine wolfeschlegel",
)
#: Short awkward documents: one character, uppercase, non-ASCII letters, digits, punctuation, inner whitespace.
_AWKWARD_DOCUMENTS = (
    "a",
    "z",
    "é",
    "Q",
    "x",
    "anna maria",
    "jo  ann",
    "mary\tlou",
    "Zoë",
    "Åsa",
    "JOSÉ",
    "Émile",
    "björn",
    "søren",
    "jürgen",
    "strauß",
    "françois",
    "núñez",
    "łukasz",
    "r2-d2",
    "c3po",
    "agent 47",
    "o'brien",
    "st. john",
    "x æ a-12",
    "louis xiv",
    "d'artagnan",
    "mcdonald",
    "McDonald",
    "ann-marie",
    "jean-luc",
    "2pac",
    "007",
    "!",
    "?!",
    "Ann",
)
#: How documents are written on their lines, in turn: surrounding whitespace the program strips away.
_PADDINGS = (("", ""), ("  ", ""), ("", "  "), ("\t", ""), (" ", " "), ("", ""), ("", ""))


def edge_case_documents() -> tuple[str, ...]:
    """The documents of the edge-case data set as a program sees them (stripped, blank lines dropped), in file order.

    Deterministic: the only randomness is a private `random.Random` per seed, to place a long
    document where each of EDGE_CASE_SEEDS shuffles its first training step; the global
    `random` state is not touched.
    """
    ordinary = list(builtin_names()[::_EDGE_NAME_STRIDE])
    awkward = [*_AWKWARD_DOCUMENTS, *_LONG_DOCUMENTS]
    # Spread the awkward documents evenly among the ordinary names.
    docs: list[str] = []
    gap = len(ordinary) // len(awkward)
    for i, doc in enumerate(awkward):
        docs.extend(ordinary[i * gap : (i + 1) * gap])
        docs.append(doc)
    docs.extend(ordinary[len(awkward) * gap :])
    reserved: set[int] = set()
    for seed in EDGE_CASE_SEEDS:
        order = list(range(len(docs)))
        Random(seed).shuffle(order)  # the program's shuffle depends only on the seed and the count
        first = order[0]
        if len(docs[first]) < CONTEXT_LENGTH:
            donor = next(i for i, d in enumerate(docs) if len(d) >= CONTEXT_LENGTH and i not in reserved)
            docs[first], docs[donor] = docs[donor], docs[first]
        reserved.add(first)
    return tuple(docs)


def edge_case_text() -> str:
    """The edge-case data set as the text of an `input.txt`, for checks beyond the built-in names.

    Holds documents longer than the context, one-character documents, inner and surrounding
    whitespace, blank and whitespace-only lines, uppercase and non-ASCII letters, digits and
    punctuation (so the vocabulary is not 27), among ordinary lowercase names.
    """
    lines = []
    for i, doc in enumerate(edge_case_documents()):
        before, after = _PADDINGS[i % len(_PADDINGS)]
        lines.append(before + doc + after)
        if i % 23 == 11:
            lines.append("")
        elif i % 29 == 5:
            lines.append(" \t ")
    return "".join(line + "\n" for line in lines)


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

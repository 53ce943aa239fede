"""Finding variants: `variants/*.py` are the golfed ones, sub-folders hold the known-bad ones."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: The reference every variant is judged against, by default.
REFERENCE_NAME = "original"


@dataclass(frozen=True)
class Variant:
    """One variant script."""

    #: Name used in tables and on the command line: the file stem, with the
    #: sub-folder for known-bad ones (`broken/one_one_grads`).
    name: str
    #: The script's path.
    path: Path
    #: True for scripts in a sub-folder of the variants folder: the checker must catch them.
    known_bad: bool


class VariantError(ValueError):
    """A variant name or folder that cannot be resolved; the message says what to do."""


def default_variants_dir() -> Path:
    """`./variants` when it exists, else the variants bundled with golf (`golf/bundled/variants`)."""
    here = Path("variants")
    if here.is_dir():
        return here
    # In a checkout this is a link to the project's variants/; a wheel holds a copy (package data).
    return Path(__file__).resolve().parents[1] / "bundled" / "variants"


def discover(directory: str | Path | None = None) -> list[Variant]:
    """Every variant in `directory`: top-level scripts first (the reference leading), then known-bad ones."""
    root = Path(directory) if directory is not None else default_variants_dir()
    if not root.is_dir():
        raise VariantError(f"{root}: variants folder not found; run from the project root or pass --variants DIR")
    top = sorted(root.glob("*.py"), key=lambda p: (p.stem != REFERENCE_NAME, p.stem))
    bad = sorted(p for p in root.glob("*/*.py") if not p.parent.name.startswith((".", "_")))
    found = [Variant(p.stem, p, False) for p in top]
    found += [Variant(f"{p.parent.name}/{p.stem}", p, True) for p in bad]
    if not found:
        raise VariantError(f"{root}: no *.py variants found")
    return found


def resolve(name_or_path: str, directory: str | Path | None = None) -> Variant:
    """A variant given by name (`shortest`, `broken/one_one_grads`) or by the path of any Python file."""
    path = Path(name_or_path)
    if path.suffix == ".py" and path.is_file():
        root = Path(directory) if directory is not None else default_variants_dir()
        try:
            relative = path.resolve().relative_to(root.resolve())
        except ValueError:
            return Variant(path.stem, path, False)
        known_bad = len(relative.parts) > 1
        name = "/".join(relative.with_suffix("").parts)
        return Variant(name, path, known_bad)
    if path.suffix == ".py":
        raise VariantError(f"{name_or_path}: file not found")
    known = {v.name: v for v in discover(directory)}
    if name_or_path in known:
        return known[name_or_path]
    choices = ", ".join(sorted(known))
    raise VariantError(f"{name_or_path}: no such variant; choose one of {choices} or give a path to a .py file")

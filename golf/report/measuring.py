"""Reading a variant's file and measuring its source: golf's counts and radon's metrics, or why they are missing."""

from __future__ import annotations

from pathlib import Path

from golf.engine.variants import Variant
from golf.measure.count import count_source
from golf.measure.metrics import radon_metrics
from golf.measure.model import SourceSyntaxError
from golf.report.model import Measured


def shown_path(path: Path) -> str:
    """`path` relative to the working directory when it is below it, else as given."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return str(path)


def measure(variant: Variant) -> Measured:
    """Read and measure a variant; a file that cannot be read or decoded becomes a Measured with an error."""
    path = shown_path(variant.path)
    try:
        raw = variant.path.read_bytes()
    except OSError as exc:
        return Measured(variant.name, path, variant.known_bad, error=f"cannot be read: {exc.strerror or exc}")
    try:
        source = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Measured(variant.name, path, variant.known_bad, error=f"not UTF-8 (bad byte at offset {exc.start})")
    return measure_source(variant.name, path, source, known_bad=variant.known_bad)


def measure_source(name: str, path: str, source: str, *, known_bad: bool = False) -> Measured:
    """Count and measure `source`; source that does not parse becomes a Measured with an error."""
    if "\0" in source:
        return Measured(name, path, known_bad, source, error="contains NUL bytes, so it is not Python source")
    try:
        counts = count_source(source)
    except SourceSyntaxError as exc:
        return Measured(name, path, known_bad, source, error=f"does not parse: {exc}")
    try:
        metrics = radon_metrics(source)
    except SourceSyntaxError as exc:
        return Measured(name, path, known_bad, source, counts, error=f"radon cannot measure it: {exc}")
    return Measured(name, path, known_bad, source, counts, metrics)

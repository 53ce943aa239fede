"""radon's metrics of one source text: raw counts, cyclomatic complexity, maintainability index, Halstead."""

from __future__ import annotations

from dataclasses import dataclass

from radon.complexity import cc_visit
from radon.metrics import h_visit, mi_visit
from radon.raw import analyze

from golf.measure.model import SourceSyntaxError


@dataclass(frozen=True)
class RadonMetrics:
    """radon's view of a source text; see golf.measure.model for where its raw counts differ from golf's."""

    #: Lines, as radon counts them (`str.splitlines`).
    loc: int
    #: Logical lines of code.
    lloc: int
    #: Source lines of code.
    sloc: int
    #: Comments, trailing ones included.
    comments: int
    #: Lines of statements that are one multi-line string (docstrings and others).
    multi: int
    #: Blank lines.
    blank: int
    #: Comment-only lines plus statements that are one single-line string.
    single_comments: int
    #: Blocks (functions, methods, classes) the complexity was measured on.
    cc_blocks: int
    #: Mean cyclomatic complexity over those blocks, as `radon cc -a` prints it; 0.0 without blocks.
    cc_average: float
    #: Full name (`Class.method`) of the most complex block, the first in source order on a tie; None without blocks.
    cc_worst_name: str | None
    #: Cyclomatic complexity of that block; 0 without blocks.
    cc_worst: int
    #: Maintainability index, 0 to 100, multi-line strings counted as comments (radon's default).
    mi: float
    #: Halstead volume of the whole module.
    halstead_volume: float
    #: Halstead difficulty of the whole module.
    halstead_difficulty: float


def radon_metrics(source: str) -> RadonMetrics:
    """radon's metrics of `source`; raise SourceSyntaxError when Python cannot parse it."""
    try:
        blocks = cc_visit(source)  # first: Python's parser locates a syntax error best
        raw = analyze(source)
        maintainability = mi_visit(source, multi=True)
        halstead = h_visit(source).total
    except SyntaxError as exc:
        raise SourceSyntaxError(exc.msg, exc.lineno or 1, exc.offset or 1) from None
    in_source_order = sorted(blocks, key=lambda block: block.lineno)
    worst = max(in_source_order, key=lambda block: block.complexity, default=None)
    return RadonMetrics(
        loc=raw.loc,
        lloc=raw.lloc,
        sloc=raw.sloc,
        comments=raw.comments,
        multi=raw.multi,
        blank=raw.blank,
        single_comments=raw.single_comments,
        cc_blocks=len(blocks),
        cc_average=sum(block.complexity for block in blocks) / len(blocks) if blocks else 0.0,
        cc_worst_name=worst.fullname if worst else None,
        cc_worst=worst.complexity if worst else 0,
        mi=float(maintainability),
        halstead_volume=float(halstead.volume),
        halstead_difficulty=float(halstead.difficulty),
    )

"""The terminal format of `golf apply` and `golf shrink`: lines, bytes and tokens before and after, and the saving."""

from __future__ import annotations

from rich import box
from rich.table import Table

from golf.measure.model import Counts

#: The counts `golf apply` and `golf shrink` report.
SHOWN = ("lines", "bytes", "tokens")


def savings_table(before: Counts, after: Counts, title: str) -> Table:
    """Lines, bytes and tokens before and after, with what was saved."""
    table = Table(title=title, box=box.SIMPLE_HEAD)
    for column in ("", "before", "after", "saved"):
        table.add_column(column, justify="right" if column else "left")
    for name in SHOWN:
        old, new = getattr(before, name), getattr(after, name)
        percent = f" ({100 * (old - new) / old:.1f}%)" if old else ""
        table.add_row(name, str(old), str(new), f"{old - new}{percent}")
    return table

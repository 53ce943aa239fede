"""The fast walks the analyses share find exactly what LibCST's own visit finds.

`golf.codemods.tree.nodes_below` walks dataclass fields instead of running a visitor, and
`golf.codemods.names` builds unordered sets from it; each is held here against the LibCST answer it
replaces (the same nodes, counted with repeats, in any order).
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import libcst as cst
import libcst.matchers as m
import pytest
from conftest import FIXTURES, VARIANTS

from golf.codemods.names import bindings, names_bound_in, variable_names, variable_names_unordered
from golf.codemods.technique import Refuse
from golf.codemods.tree import nodes_below

#: The original, two golfs of it in different styles, a shrink result, and one of every kind of syntax.
_SOURCES = [
    VARIANTS / "original.py",
    VARIANTS / "shortest.py",
    FIXTURES / "golfs" / "lambda_backward.py",
    FIXTURES / "golfs" / "exec_payload.py",
    FIXTURES / "shrunk_bytes.py",
]
_EXTRA = """
from somewhere import *
async def f(a, *b, c=1, **d):
    async with g() as (x, y):
        z = [w async for w in h() if (v := w)]
    try:
        pass
    except* ValueError as e:
        del x
    match a:
        case {"k": q, **rest} | [q, *rest]:
            pass
    return lambda u=1: f"{u!r:>{c}}" if u else (yield)
@dec(k=1)
class C(B, metaclass=M):
    global G
    x: int = 1
"""


def _ids(nodes: list[cst.CSTNode]) -> Counter[int]:
    return Counter(id(n) for n in nodes)


@pytest.mark.parametrize("source", [*_SOURCES, _EXTRA], ids=[*(p.name for p in _SOURCES), "every-syntax"])
def test_walks_find_what_libcst_finds(source: Path | str) -> None:
    module = cst.parse_module(source.read_text(encoding="utf-8") if isinstance(source, Path) else source)
    everything = m.findall(module, m.MatchIfTrue(lambda _: True))
    assert _ids(nodes_below(module, cst.CSTNode)) == _ids(everything)
    for kind in (cst.Name, cst.Attribute, cst.NamedExpr, (cst.FunctionDef, cst.ClassDef), (cst.Break, cst.Continue)):
        assert _ids(nodes_below(module, kind)) == _ids([n for n in everything if isinstance(n, kind)])
    # Below any node too, not only the module: every statement and every expression statement.
    for node in [n for n in everything if isinstance(n, cst.BaseStatement | cst.Expr)]:
        assert _ids(nodes_below(node, cst.Name)) == _ids(m.findall(node, m.Name()))
        assert _ids(variable_names_unordered(node)) == _ids(variable_names(node))
        try:
            expected = {name for name, _ in bindings(node)}
        except Refuse:
            with pytest.raises(Refuse):
                names_bound_in(node)
            continue
        assert names_bound_in(node) == expected

"""short-literals: write every number literal in its shortest form with the same value and type.

`0.5` becomes `.5`, `1.0` becomes `1.`, `0.0` becomes `0.`, `1e-08` becomes `1e-8` and
`100.0` becomes `1e2`; `0x10` becomes `16` and `1_000` becomes `1000`. Floats stay floats
(`1.`, never `1`) and ints stay ints (`1000000` never becomes the float `1e6`); an int is
written in hexadecimal only when that is shorter (`2**64`). Python reads a float literal by
correct rounding, so two spellings of the same float give the same object bit for bit:
each new spelling is kept only when it reads back as exactly the old value. Strings and
imaginary literals are left alone, and so is whitespace: `1 .real` keeps its space.

A literal followed directly by a name is where a new spelling could run into the next token:
`.5.hex()`, `1..real` and `1.else` still read the same, but a hexadecimal int before `else`
would swallow its `e`. So the technique checks that the whole result parses to the same
syntax tree and refuses otherwise.
"""

from __future__ import annotations

import ast

import libcst as cst

from golf.codemods.number_values import shortest_float, shortest_int
from golf.codemods.syntax import same_ast
from golf.codemods.technique import Params, Refuse, Technique


def _shorter(node: cst.Integer | cst.Float) -> str | None:
    """The shorter spelling of one literal, or None when it is already shortest."""
    value = ast.literal_eval(node.value)
    new = shortest_int(value) if isinstance(node, cst.Integer) else shortest_float(value)
    return new if new is not None and len(new) < len(node.value) else None


class _Shorten(cst.CSTTransformer):
    def __init__(self) -> None:
        self.changed = 0

    def leave_Integer(self, original_node: cst.Integer, updated_node: cst.Integer) -> cst.Integer:
        return self._shorten(updated_node)

    def leave_Float(self, original_node: cst.Float, updated_node: cst.Float) -> cst.Float:
        return self._shorten(updated_node)

    def _shorten(self, node: cst.Integer | cst.Float) -> cst.Integer | cst.Float:
        new = _shorter(node)
        if new is None:
            return node
        self.changed += 1
        return node.with_changes(value=new)


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Shorten every number literal that has a shorter spelling of the same value and type."""
    shorten = _Shorten()
    new = module.visit(shorten)
    if not shorten.changed:
        raise Refuse("every number literal is already in its shortest form")
    if not same_ast(module.code, new.code):
        raise Refuse("a shortened literal runs into the next token (as `0x...else` would)")
    return new


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    finder = _Shorten()
    module.visit(finder)
    return [{}] if finder.changed else []


TECHNIQUE = Technique(
    name="short-literals",
    summary="write number literals in their shortest form with the same value and type (`0.5` -> `.5`)",
    transform=transform,
    candidates=_candidates,
)

"""Building `target += value` (or `target += value,`) that parses to exactly that in-place addition.

Shared by augmented-append and string-accumulate.
"""

from __future__ import annotations

import ast

import libcst as cst

from golf.codemods.layout import TIGHT_COMMA
from golf.codemods.syntax import same_ast, strict_parse

_TIGHT = cst.SimpleWhitespace("")


def adds(statement: str, target: cst.BaseExpression, value: cst.BaseExpression, one: bool) -> bool:
    """True when the code `statement` parses to `target += (value,)` (`one`) or `target += value`,
    the tree being built from `target` and `value` each parsed alone in parentheses."""
    code = cst.Module([]).code_for_node
    try:
        parsed = strict_parse(statement)
        place, item = (strict_parse(f"({code(part)})").body[0].value for part in (target, value))  # type: ignore[attr-defined]
    except SyntaxError:
        return False
    place.ctx = ast.Store()
    added = ast.Tuple([item], ast.Load()) if one else item
    return ast.dump(parsed) == ast.dump(ast.Module([ast.AugAssign(place, ast.Add(), added)], []))


def add_in_place(target: cst.BaseExpression, value: cst.BaseExpression, one: bool) -> cst.AugAssign | None:
    """`target+=value,` (`one`) or `target+=value`, with `value` in parentheses only when it needs them to
    keep its meaning; None when even `target+=(value),` / `target+=(value)` does not parse to that."""

    def build(item: cst.BaseExpression) -> cst.AugAssign:
        if one:
            item = cst.Tuple([cst.Element(item, comma=TIGHT_COMMA)], lpar=[], rpar=[])
        return cst.AugAssign(target, cst.AddAssign(_TIGHT, _TIGHT), item)

    code = cst.Module([]).code_for_node
    bare = build(value)
    boxed = build(value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()]))
    if not adds(code(boxed), target, value, one):
        return None
    return bare if same_ast(code(bare), code(boxed)) else boxed

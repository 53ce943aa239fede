"""Syntax checks on generated source: parsing strictly (warnings are errors) and comparing syntax trees."""

from __future__ import annotations

import ast
import warnings

import libcst as cst


def makes_python_warn(source: str) -> bool:
    """True when compiling `source` makes Python warn (or it does not parse at all)."""
    try:
        strict_parse(source)
    except SyntaxError:
        return True
    return False


def strict_parse(source: str) -> ast.Module:
    """`ast.parse`, but source that Python only warns about (`1if x`, `0.for`: "invalid decimal
    literal", a DeprecationWarning in 3.11 and a SyntaxWarning printed on stderr from 3.12) is a
    SyntaxError too: no codemod should write it, and trying it must not print anything."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        try:
            return ast.parse(source)
        except (DeprecationWarning, SyntaxWarning) as exc:
            raise SyntaxError(str(exc)) from None


def same_ast(a: str, b: str) -> bool:
    """True when two sources parse to the same abstract syntax tree (so they run identically)."""
    try:
        return ast.dump(strict_parse(a)) == ast.dump(strict_parse(b))
    except SyntaxError:
        return False


def expression_tree(node: cst.CSTNode) -> str:
    """A dump of the Python syntax tree of an expression: equal for the same expression however spaced."""
    return ast.dump(ast.parse(cst.Module([]).code_for_node(node).strip(), mode="eval"))

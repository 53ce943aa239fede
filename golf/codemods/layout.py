"""Layout fitting: putting a new expression where whitespace was squeezed, with the fewest bytes that parse the same."""

from __future__ import annotations

import ast
import re
from collections.abc import Mapping

import libcst as cst
import libcst.matchers as m

from golf.codemods.syntax import strict_parse

#: A comma with no space around it, for codemods that build element lists.
TIGHT_COMMA = cst.Comma(whitespace_before=cst.SimpleWhitespace(""), whitespace_after=cst.SimpleWhitespace(""))


def squeezed_length(node: cst.CSTNode) -> int:
    """Length of `node`'s code without needless whitespace: about what squeeze-whitespace leaves of
    it, to decide whether a rewrite saves bytes before it runs. One space stays between two word
    characters (`for a in`), where Python needs it."""
    text = cst.Module([]).code_for_node(node).strip()
    return len(re.sub(r"\s+", lambda space: _kept_space(text, space.start(), space.end()), text))


def _kept_space(text: str, start: int, end: int) -> str:
    """ " " for whitespace between two word characters, which Python needs kept (`for a in`); else ""."""
    return (
        " "
        if (text[start - 1].isalnum() or text[start - 1] == "_") and (text[end].isalnum() or text[end] == "_")
        else ""
    )


class FittingTransformer(cst.CSTTransformer):
    """A transformer whose `leave_` methods return `self.fitted(new)` for an expression that replaces
    another, so that it fits where whitespace was squeezed: with a keyword before or after it and no
    space between (`return[...]`, `for(k)in`), a replacement that starts or ends with a word character
    would run into the keyword (`returnsum(...)`), which LibCST rejects.

    `fitted` puts the expression in parentheses, which LibCST accepts anywhere. When the parent node
    is left, it takes the expression back bare if LibCST accepts that; else it gives the empty
    whitespace just before the expression, or just after it, or both, a space (`return sum(...)`,
    `for(k),_ in`); else the parentheses stay. Only the tokens are at stake: a replacement must bind
    as tightly as its place needs (`fit` checks that too). Subclasses overriding `on_leave` call it.
    """

    def __init__(self) -> None:
        super().__init__()
        self._wrapped: dict[int, tuple[cst.CSTNode, cst.BaseExpression]] = {}  # id(in parentheses) -> (it, bare)

    def fitted(self, expr: cst.BaseExpression) -> cst.BaseExpression:
        """`expr`, in parentheses until its parent is left (when it has none of its own)."""
        if expr.lpar:
            return expr
        wrapped = expr.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        self._wrapped[id(wrapped)] = (wrapped, expr)
        return wrapped

    def on_leave(
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]:
        left = super().on_leave(original_node, self._unwrapped(updated_node))
        return self._unwrapped(left) if isinstance(left, cst.CSTNode) else left

    def _unwrapped(self, node: cst.CSTNode) -> cst.CSTNode:
        """`node` with each fitted child bare or spaced from its keyword, where LibCST accepts that."""
        if not self._wrapped:
            return node
        for child in node.children:
            wrapped = self._wrapped.pop(id(child), None)
            if wrapped is not None and wrapped[0] is child:
                node = _bare_or_spaced(node, child, wrapped[1])
        return node


def _bare_or_spaced(node: cst.CSTNode, child: cst.CSTNode, bare: cst.BaseExpression) -> cst.CSTNode:
    """`node` with its child `child` (in parentheses) put bare, with a space around it if needed."""
    leaves = _Leaves(child)
    node.visit(leaves)
    at = next(i for i, (_, leaf) in enumerate(leaves.found) if leaf is child)
    around = [leaves.found[i] for i in (at - 1, at + 1) if 0 <= i < len(leaves.found)]
    empty = [index for index, leaf in around if m.matches(leaf, m.SimpleWhitespace(""))]
    for spaced in ([], *([i] for i in empty), empty if len(empty) == 2 else None):
        if spaced is None:
            continue
        try:
            return node.visit(_Put(child, bare, set(spaced)))
        except cst.CSTValidationError:
            continue
    return node


class _Leaves(cst.CSTVisitor):
    """The nodes without children under a node, and `child` as one, each with its pre-order index."""

    def __init__(self, child: cst.CSTNode) -> None:
        self.child = child
        self.count = 0
        self.found: list[tuple[int, cst.CSTNode]] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if node is self.child or not node.children:
            self.found.append((self.count, node))
        self.count += 1
        return node is not self.child


class _Put(cst.CSTTransformer):
    """Put `bare` for `child`, and a space for the whitespace at the given pre-order indexes; the
    nodes around them stay the same objects (a transformer may have noted some)."""

    def __init__(self, child: cst.CSTNode, bare: cst.BaseExpression, spaced: set[int]) -> None:
        self.child = child
        self.bare = bare
        self.spaced = spaced
        self.count = 0
        self.changes = 0
        self.seen: dict[int, tuple[int, int]] = {}  # id -> (pre-order index, changes made before it)

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.seen[id(node)] = (self.count, self.changes)
        self.count += 1
        return node is not self.child

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> cst.CSTNode:  # type: ignore[override]
        index, changes = self.seen[id(original_node)]
        if original_node is self.child or index in self.spaced:
            self.changes += 1
            return self.bare if original_node is self.child else cst.SimpleWhitespace(" ")
        return updated_node if self.changes > changes else original_node


class _Replace(FittingTransformer):
    def __init__(self, replacements: Mapping[cst.CSTNode, cst.BaseExpression]) -> None:
        super().__init__()
        self.replacements = replacements

    def on_leave(
        self, original_node: cst.CSTNode, updated_node: cst.CSTNode
    ) -> cst.CSTNode | cst.RemovalSentinel | cst.FlattenSentinel[cst.CSTNode]:
        new = self.replacements.get(original_node)
        return super().on_leave(original_node, updated_node) if new is None else self.fitted(new)


def fit(tree: cst.Module, replacements: Mapping[cst.CSTNode, cst.BaseExpression]) -> cst.Module:
    """`tree` with each node of `replacements` (by identity) replaced by its expression: fitted as
    `FittingTransformer` does (`return(a-b).e()` becomes `return V(a-b)`) when the result parses to the
    same syntax tree as with every expression in parentheses, else in parentheses (`a*x.m()` becomes
    `a*(b+c)`, and `x.m()if c` becomes `(a.d+1)if c`, not the `1if` Python warns about)."""
    wrapped = {
        old: new if new.lpar else new.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        for old, new in replacements.items()
    }
    in_parentheses = tree.visit(_Replace(wrapped))
    fitted = tree.visit(_Replace(replacements))
    try:
        same = ast.dump(strict_parse(fitted.code)) == ast.dump(strict_parse(in_parentheses.code))
    except SyntaxError:
        return in_parentheses
    return fitted if same else in_parentheses


def word_char(ch: str) -> bool:
    """True for a character that runs together with a neighbouring name or number."""
    return ch.isalnum() or ch == "_" or ord(ch) > 127

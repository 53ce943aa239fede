"""What every technique codemod shares: its description, its outcomes, and small helpers.

A technique is a pure function from source text (and its parameters) to an outcome value:
`Applied` with the new source, `Refused` with the reason it cannot keep the program exact
(or has nothing to do), or `Failed` when the codemod itself broke. Inside a codemod,
`Refuse` may be raised to stop early; `run_technique` turns it (and any crash) into a value.
"""

from __future__ import annotations

import ast
import builtins
import keyword
import re
import traceback
import warnings
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

import libcst as cst
import libcst.matchers as m

#: A technique's parameters, as strings (they come from the command line and the search).
Params = Mapping[str, str]


@dataclass(frozen=True)
class Param:
    """One parameter a technique takes."""

    #: Name on the command line (`golf apply inline-function softmax` or `name=softmax`).
    name: str
    #: What it means.
    help: str
    #: Used when the parameter is not given; None means the parameter is required.
    default: str | None = None


@dataclass(frozen=True)
class Technique:
    """A golfing technique: a named, parameterised source-to-source transformation."""

    #: Registry name (`rename-short`).
    name: str
    #: One line for `golf apply --help` and the search log.
    summary: str
    #: `transform(module, params) -> new module`; raises Refuse when it cannot apply exactly.
    transform: Callable[[cst.Module, Params], cst.Module]
    #: The parameters, positional ones first.
    params: tuple[Param, ...] = ()
    #: `candidates(module) -> parameter sets worth trying` for the shrink search.
    candidates: Callable[[cst.Module], list[dict[str, str]]] = field(default=lambda module: [{}])
    #: True when the technique cannot prove exactness statically: the shrink search keeps its
    #: results only when the equivalence check says identical, and `golf apply` says so.
    trial: bool = False


@dataclass(frozen=True)
class Applied:
    """The technique changed the source."""

    technique: str
    params: dict[str, str]
    #: The transformed source (reparsed: it is valid Python).
    source: str
    ok = True


@dataclass(frozen=True)
class Refused:
    """The technique declined: it could not keep the program exact, or had nothing to change."""

    technique: str
    params: dict[str, str]
    reason: str
    ok = False


@dataclass(frozen=True)
class Failed:
    """The codemod itself broke (a bug): the traceback, so one bad technique does not stop a search."""

    technique: str
    params: dict[str, str]
    reason: str
    traceback: str = ""
    ok = False


Outcome = Applied | Refused | Failed


class Refuse(Exception):
    """Raised inside a codemod to decline with a reason; never escapes `run_technique`."""


def run_technique(technique: Technique, source: str, params: Params | None = None) -> Outcome:
    """Apply `technique` to `source`; every outcome, including a crash, comes back as a value."""
    given = dict(params or {})
    unknown = sorted(set(given) - {p.name for p in technique.params})
    if unknown:
        return Refused(technique.name, given, f"unknown parameter(s) {', '.join(unknown)}")
    full = {p.name: p.default for p in technique.params if p.default is not None} | given
    missing = [p.name for p in technique.params if p.name not in full]
    if missing:
        return Refused(technique.name, given, f"missing parameter(s) {', '.join(missing)}")
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        return Refused(technique.name, given, f"input is not valid Python: {exc.message}")
    try:
        new_source = technique.transform(module, full).code
    except Refuse as exc:
        return Refused(technique.name, given, str(exc))
    except Exception as exc:  # noqa: BLE001 - a codemod bug becomes one Failed row, like LibCST's runner
        return Failed(technique.name, given, f"{type(exc).__name__}: {exc}", traceback.format_exc())
    if new_source == source:
        return Refused(technique.name, given, "nothing to change")
    try:
        ast.parse(new_source)
    except SyntaxError as exc:
        return Failed(technique.name, given, f"output is not valid Python: {exc.msg} (line {exc.lineno})")
    if makes_python_warn(new_source) and not makes_python_warn(source):
        return Failed(technique.name, given, "output makes Python warn (an invalid decimal literal such as `1if`)")
    return Applied(technique.name, given, new_source)


def makes_python_warn(source: str) -> bool:
    """True when compiling `source` makes Python warn (or it does not parse at all)."""
    try:
        strict_parse(source)
    except SyntaxError:
        return True
    return False


# ---------------------------------------------------------------------------
# Helpers shared by the codemods
# ---------------------------------------------------------------------------
#: Names a codemod must never bind: keywords, soft keywords and builtins.
RESERVED: frozenset[str] = frozenset(keyword.kwlist) | frozenset(keyword.softkwlist) | frozenset(dir(builtins))


def all_names(module: cst.CSTNode) -> set[str]:
    """Every identifier in `module`: names, attribute names, parameters, keywords of calls."""
    names: set[str] = set()

    class _Collect(cst.CSTVisitor):
        def visit_Name(self, node: cst.Name) -> None:
            names.add(node.value)

    module.visit(_Collect())
    return names


def fresh_name(base: str, taken: Iterable[str]) -> str:
    """`base`, or `base_2`, `base_3`, ... : the first that is neither taken nor reserved."""
    taken = set(taken)
    if base not in taken and base not in RESERVED:
        return base
    n = 2
    while f"{base}_{n}" in taken:
        n += 1
    return f"{base}_{n}"


def short_names() -> Iterable[str]:
    """Identifiers from shortest up: `a`..`z`, `A`..`Z`, then two characters, never reserved."""
    letters = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
    for first in letters:
        if first not in RESERVED:
            yield first
    for first in letters:
        for second in letters + "0123456789_":
            if first + second not in RESERVED:
                yield first + second


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


def step_bounds(module: cst.Module) -> set[str]:
    """Names used as `range(NAME)` by a top-level `for`: the training loop's step count is one of them.

    The checker's `--steps` rewriter looks for that name, so codemods keep it a module-level
    name with its own assignment.
    """
    bounds = set()
    for statement in module.body:
        if isinstance(statement, cst.For) and isinstance(statement.iter, cst.Call):
            call = statement.iter
            if isinstance(call.func, cst.Name) and call.func.value == "range" and len(call.args) == 1:
                if isinstance(call.args[0].value, cst.Name):
                    bounds.add(call.args[0].value.value)
    return bounds


def one_arg_range(node: cst.BaseExpression) -> cst.BaseExpression | None:
    """`N` when `node` is `range(N)`."""
    if not m.matches(node, m.Call(func=m.Name("range"), args=[m.Arg(keyword=None, star="")])):
        return None
    return node.args[0].value  # type: ignore[attr-defined]


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


def ancestors(parents: Mapping[cst.CSTNode, cst.CSTNode], node: cst.CSTNode) -> list[cst.CSTNode]:
    """`node`'s parent, its parent, ... up to the module, from LibCST's ParentNodeProvider map."""
    found = []
    while node in parents:
        node = parents[node]
        found.append(node)
    return found


def class_member(param: str) -> tuple[str, str]:
    """`("Class", "name")` from a `member=Class.name` parameter; refuses any other shape."""
    class_name, _, name = param.partition(".")
    if not class_name or not name:
        raise Refuse(f"member must be Class.name, not {param!r}")
    return class_name, name


def offered_when_it_applies(
    transform: Callable[[cst.Module, Params], cst.Module],
) -> Callable[[cst.Module], list[dict[str, str]]]:
    """Candidates for a parameterless technique: `[{}]` when `transform` does not refuse, else `[]`."""

    def candidates(module: cst.Module) -> list[dict[str, str]]:
        try:
            transform(module, {})
        except Refuse:
            return []
        return [{}]

    return candidates


#: The comprehension nodes: each runs its element and inner clauses zero times or several, in a scope of its own.
COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp, cst.GeneratorExp)


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


def expression_tree(node: cst.CSTNode) -> str:
    """A dump of the Python syntax tree of an expression: equal for the same expression however spaced."""
    return ast.dump(ast.parse(cst.Module([]).code_for_node(node).strip(), mode="eval"))

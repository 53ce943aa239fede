"""range-repeat: `for _ in range(N)` becomes `for _ in[0]*N` when the loop variable is never read.

The loop body runs once per element either way, and `range(N)` and `[0]*N` have the same
number of elements: `range` takes `N.__index__()`, and so does a list repeated by a
non-list (zero or fewer gives an empty list for both). Only the values bound to the loop
variable differ (0, 0, ... instead of 0, 1, ...), so the variable must never be read:
not in the loop, and, for a `for` statement, nowhere else in its function (or module) either,
since the last value outlives the loop. In a comprehension the variable lives only in the
comprehension, so only the comprehension is searched. A loop directly in a class body is
left alone (its variable becomes a class attribute).

Where the two forms could differ, it refuses. `range(N)` raises TypeError unless `N` has
`__index__` (a float raises in both forms), so in a program that runs, `N` has one. But
`[0]*N` first asks `N`'s type for `__rmul__`, which builtin ints answer with
NotImplemented; so it requires that no class in the program defines `__index__` and that
every import is a standard-library module (no third-party integer types). Only
`range` with one argument qualifies; `range` must not be rebound, and the program must not
call `locals`, `vars`, `globals`, `eval` or `exec`, which could read the variable by name.
The training loop (`for step in range(num_steps)` at the top level) is never touched,
because the checker finds the step count there. `[0]*N` builds a list of N elements, which
only costs memory for the huge N no loop here has.
"""

from __future__ import annotations

import sys

import libcst as cst
import libcst.matchers as m

from golf.codemods.names import NAMES_AS_STRINGS, all_names, variable_names
from golf.codemods.step_bounds import one_arg_range
from golf.codemods.technique import Params, Refuse, Technique

_INTROSPECTION = NAMES_AS_STRINGS
#: Operands that `[0]*N` keeps together without parentheses (they bind tighter than `*`).
_TIGHT = (cst.Name, cst.Integer, cst.Call, cst.Attribute, cst.Subscript)


def _never_read(name: str, region: cst.CSTNode) -> bool:
    """True when every use of `name` in `region` is a plain binding (`for name in`, `name = ...`)."""
    stores = set()
    for node in m.findall(region, m.For(target=m.Name(name)) | m.CompFor(target=m.Name(name))):
        stores.add(id(node.target))  # type: ignore[attr-defined]
    for node in m.findall(region, m.AssignTarget(target=m.Name(name))):
        stores.add(id(node.target))  # type: ignore[attr-defined]
    return all(id(n) in stores for n in variable_names(region) if n.value == name)


def _repeat(count: cst.BaseExpression) -> cst.BinaryOperation:
    """`[0]*count`, with `count` in parentheses when `*` would split it (`[0]*a*b` repeats twice)."""
    signed = m.UnaryOperation(operator=m.Minus() | m.Plus() | m.BitInvert())  # not `not`, which binds looser
    tight = isinstance(count, _TIGHT) or m.matches(count, signed)
    if not tight and not count.lpar:
        count = count.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    zero = cst.List([cst.Element(cst.Integer("0"))])
    return cst.BinaryOperation(zero, cst.Multiply(cst.SimpleWhitespace(""), cst.SimpleWhitespace("")), count)


def _no_space(whitespace: cst.BaseParenthesizableWhitespace) -> cst.BaseParenthesizableWhitespace:
    """`in[0]` needs no space; keep whitespace that is not a plain run of spaces (a line break)."""
    return cst.SimpleWhitespace("") if isinstance(whitespace, cst.SimpleWhitespace) else whitespace


class _Repeat(cst.CSTTransformer):
    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self.scopes: list[cst.CSTNode] = [module]  # where each `for` statement binds: function, class or module
        self.comprehensions: list[cst.CSTNode] = []
        self.changed = 0

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.scopes.append(node)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.scopes.append(node)

    def leave_FunctionDef(self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef) -> cst.FunctionDef:
        self.scopes.pop()
        return updated_node

    def leave_ClassDef(self, original_node: cst.ClassDef, updated_node: cst.ClassDef) -> cst.ClassDef:
        self.scopes.pop()
        return updated_node

    def visit_ListComp(self, node: cst.ListComp) -> None:
        self.comprehensions.append(node)

    def visit_SetComp(self, node: cst.SetComp) -> None:
        self.comprehensions.append(node)

    def visit_DictComp(self, node: cst.DictComp) -> None:
        self.comprehensions.append(node)

    def visit_GeneratorExp(self, node: cst.GeneratorExp) -> None:
        self.comprehensions.append(node)

    def leave_ListComp(self, original_node: cst.ListComp, updated_node: cst.ListComp) -> cst.ListComp:
        self.comprehensions.pop()
        return updated_node

    def leave_SetComp(self, original_node: cst.SetComp, updated_node: cst.SetComp) -> cst.SetComp:
        self.comprehensions.pop()
        return updated_node

    def leave_DictComp(self, original_node: cst.DictComp, updated_node: cst.DictComp) -> cst.DictComp:
        self.comprehensions.pop()
        return updated_node

    def leave_GeneratorExp(self, original_node: cst.GeneratorExp, updated_node: cst.GeneratorExp) -> cst.GeneratorExp:
        self.comprehensions.pop()
        return updated_node

    def leave_For(self, original_node: cst.For, updated_node: cst.For) -> cst.For:
        scope = self.scopes[-1]
        if isinstance(scope, cst.ClassDef):
            return updated_node  # the variable would be a class attribute, readable from anywhere
        top_level = any(statement is original_node for statement in self.module.body)
        if top_level and isinstance(one_arg_range(original_node.iter), cst.Name):
            return updated_node  # the checker's --steps rewriter looks for `for ... in range(NAME)` here
        return self._rewrite(updated_node, scope)

    def leave_CompFor(self, original_node: cst.CompFor, updated_node: cst.CompFor) -> cst.CompFor:
        # The variable is local to the comprehension whose clauses are being left.
        return self._rewrite(updated_node, self.comprehensions[-1])

    def _rewrite(self, node: cst.For | cst.CompFor, region: cst.CSTNode) -> cst.For | cst.CompFor:
        count = one_arg_range(node.iter)
        if count is None or not isinstance(node.target, cst.Name) or not _never_read(node.target.value, region):
            return node
        self.changed += 1
        return node.with_changes(iter=_repeat(count), whitespace_after_in=_no_space(node.whitespace_after_in))


def _why_not(module: cst.Module) -> str | None:
    """Why no loop of `module` can change, or None."""
    calls = {id(call.func) for call in m.findall(module, m.Call(func=m.Name("range")))}
    if any(n.value == "range" and id(n) not in calls for n in variable_names(module)):
        return "range is bound or used other than in a call, so it may not be the builtin"
    names = all_names(module)
    if "__index__" in names:
        return "the program defines or uses __index__, so a count may not be a plain int"
    if names & _INTROSPECTION:
        return f"the program uses {', '.join(sorted(names & _INTROSPECTION))}, which can read a loop variable"
    for node in m.findall(module, m.Import() | m.ImportFrom()):
        if isinstance(node, cst.ImportFrom):
            modules = [node.module] if not node.relative and node.module is not None else [None]
        else:
            modules = [alias.name for alias in node.names]
        for name in modules:
            top = cst.Module([]).code_for_node(name).split(".")[0] if name is not None else ""
            if top not in sys.stdlib_module_names:
                return f"the program imports {top or 'a relative module'}, which may define integer-like types"
    return None


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Replace every one-argument `range` whose loop variable is never read by a repeated list."""
    reason = _why_not(module)
    if reason is not None:
        raise Refuse(reason)
    repeat = _Repeat(module)
    new = module.visit(repeat)
    if not repeat.changed:
        raise Refuse("no loop over a one-argument range has an unread variable (the training loop is kept)")
    return new


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    if _why_not(module) is not None:
        return []
    repeat = _Repeat(module)
    module.visit(repeat)
    return [{}] if repeat.changed else []


TECHNIQUE = Technique(
    name="range-repeat",
    summary="turn `for _ in range(N)` into `for _ in[0]*N` when the loop variable is never read",
    transform=transform,
    candidates=_candidates,
)

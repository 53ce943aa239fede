"""iterate-elements (a trial technique): index loops in comprehensions iterate over the elements instead.

A comprehension clause `for t in range(len(X))` or `for t in range(N)` whose variable is used
only as the index of subscripts `S[t]` becomes a loop over those sequences: one distinct `S`
gives `for t in S` (each `S[t]` becomes `t`), two or more give `for t, a in zip(S1, S2)` (the
first sequence keeps the variable's name, the others take the shortest names the comprehension
does not use). Sequences are the same when their code is identical. In original.py's attention,
`[sum(attn_weights[t] * v_h[t][j] for t in range(len(v_h))) for j in range(head_dim)]` becomes
`[sum(t * a[j] for t, a in zip(attn_weights, v_h)) for j in range(head_dim)]`. The clauses of a
comprehension are rewritten from the innermost out, and comprehensions nested in it first, so
`n[t][j]` in an inner `for j` loop first becomes the sequence `n[t]`, which the outer `for t`
loop then turns into `t`: one application gives the fully rewritten form.

Why this is a trial (`trial=True`): the two loops agree only on facts the source does not show.
`range(len(X))` and iterating over a sequence agree only if the sequence has exactly that many
elements, all reachable by indexing, and its length does not change during the loop; `range(N)`
runs N times while `zip` stops at its shortest sequence, so the zip equals the index loop only
when every sequence has exactly the iterated length; an index loop evaluates `S` and reads
`S[t]` afresh in every iteration (seeing any change the loop makes), while the new loop
evaluates `S` once and reads through iterators; and `len(X)` is no longer called. The shrink
search keeps the result only when the equivalence check finds the program identical on its
steps and data.

What it refuses, as certainly different or unsafe: a variable used other than as such an index
(`t + 1`, `S[t + 1]`, `S[t:]`, a bare `t`), a subscript stored to (`for S[t] in ...`), a
sequence `S` that reads the variable or a name bound inside the loop (a later clause's variable,
a lambda's parameter), or that calls anything or holds a comprehension or lambda (evaluating it
once instead of per iteration could change what runs); a variable rebound inside the loop; an
f-string that prints an expression's text (`{S[t]=}`); a comprehension with a walrus, `yield` or
`await`; `async for`; `range` with a start or step; a program that binds `range` or `zip`, or
uses `eval`, `exec`, `globals`, `locals` or `vars` (which could read the variable by name); and
a comprehension directly in a class body (whose first iterable sees the class's names but whose
element does not). `for` statements are left alone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import libcst as cst
import libcst.matchers as m

from golf.codemods.layout import word_char
from golf.codemods.names import NAMES_AS_STRINGS, all_names, bindings, short_names, variable_names
from golf.codemods.step_bounds import one_arg_range
from golf.codemods.technique import Params, Refuse, Technique
from golf.codemods.tree import COMPREHENSIONS

Comprehension = cst.ListComp | cst.SetComp | cst.GeneratorExp | cst.DictComp
#: What a sequence must not hold: evaluated once instead of once per iteration, these could differ.
_NOT_ONCE = m.Call() | m.NamedExpr() | m.Yield() | m.Await() | m.Lambda() | m.ListComp() | m.SetComp()
_NOT_ONCE |= m.GeneratorExp() | m.DictComp()
_NO_SPACE = cst.SimpleWhitespace("")


def _code(node: cst.CSTNode) -> str:
    return cst.Module([]).code_for_node(node)


def _clauses(comp: Comprehension) -> list[cst.CompFor]:
    """The `for` clauses of a comprehension, outermost first."""
    found: list[cst.CompFor] = []
    clause: cst.CompFor | None = comp.for_in
    while clause is not None:
        found.append(clause)
        clause = clause.inner_for_in
    return found


def _element(comp: Comprehension) -> cst.BaseExpression:
    """What the first `for` follows: the element, or a dict comprehension's value."""
    return comp.value if isinstance(comp, cst.DictComp) else comp.elt


def _in_scope(comp: Comprehension, clause: cst.CompFor) -> list[cst.CSTNode]:
    """The parts of `comp` that run with `clause`'s variable bound, in source order."""
    parts: list[cst.CSTNode] = [comp.key, comp.value] if isinstance(comp, cst.DictComp) else [comp.elt]
    parts += clause.ifs
    if clause.inner_for_in is not None:
        parts.append(clause.inner_for_in)
    return parts


class _Indexes(cst.CSTVisitor):
    """Subscripts `S[name]` (exactly one plain index, the name itself), in source order."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.subscripts: dict[cst.Name, cst.Subscript] = {}  # the index Name -> its subscript

    def visit_Subscript(self, node: cst.Subscript) -> None:
        if len(node.slice) != 1 or not isinstance(node.slice[0].slice, cst.Index):
            return
        index = node.slice[0].slice
        if index.star is None and m.matches(index.value, m.Name(self.name)):
            self.subscripts[index.value] = node  # type: ignore[index]


class _Swap(cst.CSTTransformer):
    """Replace nodes (found by identity in the original tree) by what a function makes of their updated form."""

    def __init__(self, edits: dict[cst.CSTNode, Callable[[cst.CSTNode], cst.CSTNode]]) -> None:
        self.edits = edits

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> cst.CSTNode:  # type: ignore[override]
        edit = self.edits.get(original_node)
        return edit(updated_node) if edit is not None else updated_node


#: The part an expression ends with, when it ends with a part (`a + b[t]` ends with `b[t]`).
_LAST_PART: dict[type[cst.CSTNode], Callable[[Any], cst.CSTNode]] = {
    cst.BinaryOperation: lambda node: node.right,
    cst.BooleanOperation: lambda node: node.right,
    cst.UnaryOperation: lambda node: node.expression,
    cst.Await: lambda node: node.expression,
    cst.Comparison: lambda node: node.comparisons[-1].comparator,
    cst.IfExp: lambda node: node.orelse,
    cst.Lambda: lambda node: node.body,
    cst.NamedExpr: lambda node: node.value,
    cst.CompIf: lambda node: node.test,
}


def _ends_in(node: cst.CSTNode, replaced: set[cst.CSTNode]) -> bool:
    """True when the last token of `node` is the `]` of a subscript in `replaced` (it will end in a name)."""
    while not getattr(node, "rpar", None):
        if node in replaced:
            return True
        last = _LAST_PART.get(type(node))
        if last is None:
            return False
        node = last(node)
    return False


class _Keywords(cst.CSTVisitor):
    """Each keyword that can follow an expression, as (that expression, the whitespace between them)."""

    def __init__(self) -> None:
        self.found: list[tuple[cst.CSTNode, cst.BaseParenthesizableWhitespace]] = []

    def visit_IfExp(self, node: cst.IfExp) -> None:
        self.found += [(node.body, node.whitespace_before_if), (node.test, node.whitespace_before_else)]

    def visit_BooleanOperation(self, node: cst.BooleanOperation) -> None:
        self.found.append((node.left, node.operator.whitespace_before))

    def visit_Comparison(self, node: cst.Comparison) -> None:
        left: cst.CSTNode = node.left
        for target in node.comparisons:
            if isinstance(target.operator, cst.In | cst.NotIn | cst.Is | cst.IsNot):
                self.found.append((left, target.operator.whitespace_before))
            left = target.comparator

    def visit_CompFor(self, node: cst.CompFor) -> None:
        self.found.append((node.target, node.whitespace_before_in))
        left: cst.CSTNode = node.iter
        for later in [*node.ifs, node.inner_for_in]:
            if later is not None:
                self.found.append((left, later.whitespace_before))
                left = later

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, COMPREHENSIONS):
            self.found.append((_element(node), node.for_in.whitespace_before))
        return super().on_visit(node)


def _rewrite_clause(comp: Comprehension, depth: int) -> Comprehension:
    """`comp` with its clause at `depth` looping over the sequences its variable indexes, or Refuse."""
    comp = comp.deep_clone()  # every node its own object, so that the edits find nodes by identity
    clause = _clauses(comp)[depth]
    if clause.asynchronous is not None or not isinstance(clause.target, cst.Name):
        raise Refuse("the loop is async or has no single variable")
    if one_arg_range(clause.iter) is None:
        raise Refuse("the loop is not over a one-argument range")
    name = clause.target.value
    parts = _in_scope(comp, clause)
    bound = {bound_name for part in parts for bound_name, _ in bindings(part)}
    if name in bound:
        raise Refuse(f"{name} is rebound inside its loop")
    if any(m.findall(part, m.FormattedStringExpression(equal=m.AssignEqual())) for part in parts):
        raise Refuse("an f-string prints the text of an expression (`{x=}`)")
    indexes = _Indexes(name)
    stored: set[cst.CSTNode] = set()
    for part in parts:
        part.visit(indexes)
        for inner in m.findall(part, m.CompFor()):
            stored.update(m.findall(inner.target, m.Subscript()))  # type: ignore[attr-defined]
    uses = [n for part in parts for n in variable_names(part) if n.value == name]
    if not uses:
        raise Refuse(f"{name} is never used")
    if any(use not in indexes.subscripts for use in uses):
        raise Refuse(f"{name} is used other than as the index of S[{name}]")
    sequences: dict[str, cst.BaseExpression] = {}
    for subscript in indexes.subscripts.values():
        sequence = subscript.value
        reads = {n.value for n in variable_names(sequence)}
        if name in reads or reads & bound:
            raise Refuse(f"the sequence {_code(sequence)} depends on the loop")
        if m.findall(sequence, _NOT_ONCE):
            raise Refuse(f"the sequence {_code(sequence)} has a call or a nested scope")
        if subscript in stored:
            raise Refuse(f"{_code(subscript)} is stored to")
        sequences.setdefault(_code(sequence), sequence)
    fresh: Iterator[str] = (n for n in short_names() if n not in all_names(comp))
    names = {code: name if i == 0 else next(fresh) for i, code in enumerate(sequences)}
    target, iterable = _loop(clause.target, names, sequences)
    edits: dict[cst.CSTNode, Callable[[cst.CSTNode], cst.CSTNode]] = {}
    for subscript in indexes.subscripts.values():
        element = cst.Name(names[_code(subscript.value)], lpar=subscript.lpar, rpar=subscript.rpar)
        edits[subscript] = lambda node, element=element: element  # type: ignore[misc]
    # A keyword right after a new name needs a space (`t for`, not `tfor`); replacing whitespace
    # nodes before their parent is rebuilt keeps LibCST's validation happy.
    replaced = set(edits)
    keywords = _Keywords()
    comp.visit(keywords)
    for left, whitespace in keywords.found:
        if isinstance(whitespace, cst.SimpleWhitespace) and not whitespace.value:
            if left is clause.iter or left is clause.target:
                ends_in_name = word_char(_code(iterable if left is clause.iter else target)[-1])
            else:
                ends_in_name = _ends_in(left, replaced)
            if ends_in_name:
                edits[whitespace] = lambda node: cst.SimpleWhitespace(" ")
    after_in = clause.whitespace_after_in
    if isinstance(after_in, cst.SimpleWhitespace) and not after_in.value and word_char(_code(iterable)[0]):
        after_in = cst.SimpleWhitespace(" ")  # `in(range(n))` had none
    edits[clause] = lambda node: node.with_changes(  # type: ignore[attr-defined]
        target=target, iter=iterable, whitespace_after_in=after_in
    )
    return comp.visit(_Swap(edits))  # type: ignore[return-value]


def _loop(
    variable: cst.Name, names: dict[str, str], sequences: dict[str, cst.BaseExpression]
) -> tuple[cst.BaseAssignTargetExpression, cst.BaseExpression]:
    """The new target and iterable: `t` and `S`, or `t,a` and `zip(S1,S2)`."""
    if len(sequences) == 1:
        return variable, next(iter(sequences.values()))
    comma = cst.Comma(_NO_SPACE, _NO_SPACE)
    elements = [cst.Element(cst.Name(n), comma=comma) for n in names.values()]
    elements[-1] = cst.Element(elements[-1].value)
    args = [cst.Arg(s, comma=comma) for s in sequences.values()]
    args[-1] = cst.Arg(args[-1].value)
    return cst.Tuple(elements, lpar=[], rpar=[]), cst.Call(cst.Name("zip"), args)


class _Iterate(cst.CSTTransformer):
    """Rewrite every qualifying clause, inner comprehensions and inner clauses first."""

    def __init__(self) -> None:
        self.scopes: list[type[cst.CSTNode]] = []  # the kinds of the scopes around the current node
        self.changed = 0
        self.refusals: list[str] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if isinstance(node, (cst.FunctionDef, cst.ClassDef, cst.Lambda, *COMPREHENSIONS)):
            self.scopes.append(type(node))
        return True

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> cst.CSTNode:  # type: ignore[override]
        if isinstance(original_node, (cst.FunctionDef, cst.ClassDef, cst.Lambda, *COMPREHENSIONS)):
            self.scopes.pop()
        if not isinstance(updated_node, COMPREHENSIONS):
            return updated_node
        if self.scopes and self.scopes[-1] is cst.ClassDef:
            self.refusals.append("a comprehension directly in a class body")
            return updated_node
        if m.findall(updated_node, m.NamedExpr() | m.Yield() | m.Await()):
            self.refusals.append("a comprehension with a walrus, yield or await")
            return updated_node
        comp: Comprehension = updated_node
        for depth in reversed(range(len(_clauses(comp)))):
            try:
                comp = _rewrite_clause(comp, depth)
            except Refuse as exc:
                self.refusals.append(str(exc))
                continue
            self.changed += 1
        return comp


def _why_not(module: cst.Module) -> str | None:
    """Why no loop of `module` may change, or None."""
    used = all_names(module) & NAMES_AS_STRINGS
    if used:
        return f"the program uses {', '.join(sorted(used))}, which can read a loop variable by name"
    rebound = {name for name, _ in bindings(module)} & {"range", "zip"}
    if rebound:
        return f"the program binds {', '.join(sorted(rebound))}"
    return None


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Turn every comprehension loop over indexes into a loop over the indexed sequences."""
    reason = _why_not(module)
    if reason is not None:
        raise Refuse(reason)
    iterate = _Iterate()
    new = module.visit(iterate)
    if not iterate.changed:
        reasons = "; ".join(dict.fromkeys(iterate.refusals)) or "no comprehension"
        raise Refuse(f"no comprehension loops over indexes used only as S[index] ({reasons})")
    return new


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    if not m.findall(module, m.CompFor(iter=m.Call(func=m.Name("range")))):
        return []  # cheap: nothing to rewrite
    try:
        transform(module, {})
    except Refuse:
        return []
    return [{}]


TECHNIQUE = Technique(
    name="iterate-elements",
    summary="turn `for t in range(len(X))` in a comprehension using only S[t] into `for t in S` or a zip "
    "(trial: kept only when the equivalence check finds the program identical)",
    transform=transform,
    candidates=_candidates,
    trial=True,
)

"""append-comprehension: a loop that only appends to a list just created becomes a list comprehension.

    L = []
    for x in IT:
        a, b = A, B
        c = C(a)
        L.append(E(b, c))

becomes `L = [E(B, C(A)) for x in IT]`. `L = []` (a plain name, an empty list display) must be
the statement right before the `for` (no `else`, not async; any target), possibly `;`-joined
after others; it may also be one pair of a tuple assignment, `n, L = v, []`, which becomes
`n = v; L = [...]` (no other target of it may mention L). The loop's body is zero or more
assignments to plain names (or to a tuple of plain names from a tuple display of the same
length) and then one `L.append(E)`. Each assigned name is read exactly once, in a later
statement of the body, where Python evaluates it exactly once; its expression replaces that
read, in parentheses unless the syntax tree is the same without them.

Why the result is exact. The comprehension evaluates IT once, in the enclosing scope, binds the
target for each item in turn (the same stores, in the same order) and evaluates the element
once per item, appending in order to a new list: the loop's list, with the same items. What
differs is only this:

- The assigned expressions run later, where their names were read. Splitting `a, b = A, B`
  into `a = A; b = B` changes nothing (neither value reads `a` or `b`, whose one read comes
  later). Then the assignments are inlined one at a time, last first, each into the
  statement right after it: what runs between an expression's old and new place is what
  that statement evaluates before the read. `_evaluation.clash` must find nothing there
  that could change what the expression computes or see its effects (a call may not pass
  an expression that reads state or calls code; a store or call may not pass one that reads
  state). One more rule lets an expression pass calls: it is *call-proof* (`_movable` says
  why) when it is made of names, constants, int arithmetic on integer literals and on the
  variable of a loop over the builtin `range`, and int indexes `N[i]` of a *frozen* name `N`,
  a new list at each binding that never escapes a load `N[...]` or `len(N)`: no call can
  change it. In the target program this moves `M[C+1]` past the call of `S`.
- The loop variable and the assigned names live only in the comprehension. So no code in
  the enclosing scope may read them where it could see a value the loop left: each read
  outside the loop must come after an assignment of the name that runs after the loop, or
  in the body of a `for` that binds the name, or before the loop with no loop around both;
  no nested function or class may read them (for a module-level loop: no function reads
  such a global; `_movable` checks this). The comprehension reads the loop variable from its
  own scope, so the loop may not hold a lambda or generator expression mentioning it or an
  assigned name (run later, it would see another variable), nor `super`, `yield`, `await` or
  `:=` in its body.
- `L` is bound to the new list only at the end (dropping the `[]` display has no effect):
  the loop may not read `L` except in `L.append`, and no nested function or class reads `L`.

Operators and attribute or index loads are assumed not to change state (true of numbers,
lists and the program's autograd class), as in inline-variable. It refuses programs with
`try`, `global`, `nonlocal`, `eval`, `exec`, `globals`, `locals`, `vars`, `dir`, `setattr`,
`delattr` or `__dict__`, a loop in a `with` block or a class body, and the training loop
(`for ... in range(NAME)` at the top level, which the checker rewrites). A program that
raises in the loop still raises, but a moved expression that raises (an index out of range)
may do so after code that ran before it in the loop. Every loop that qualifies is rewritten
at once.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.metadata import FunctionScope, GlobalScope, Scope

from golf.codemods._evaluation import clash, effect_kind, statement_events
from golf.codemods._movable import Movable, all_nodes
from golf.codemods._statements import block_statements, edit_statements
from golf.codemods.names import NAMES_AS_STRINGS, all_names, target_names, variable_names
from golf.codemods.syntax import same_ast
from golf.codemods.technique import Params, Refuse, Technique

_REACH_BY_NAME = NAMES_AS_STRINGS | {"dir", "setattr", "delattr", "__dict__"}


def _boxed(expr: cst.BaseExpression) -> cst.BaseExpression:
    return expr if expr.lpar else expr.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


class _Swap(cst.CSTTransformer):
    """Put expressions in place of given Name nodes (by identity)."""

    def __init__(self, swaps: dict[cst.CSTNode, cst.BaseExpression]) -> None:
        self.swaps = swaps

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        return self.swaps.get(original_node, updated_node)


def _fit(statement: cst.CSTNode, slot: cst.Name, expr: cst.BaseExpression) -> cst.BaseExpression | None:
    """`expr` to put at `slot` in `statement`: bare when the syntax tree is the same as with parentheses
    (None when it cannot go there at all, as a string in an f-string with the same quotes)."""
    code = cst.Module([]).code_for_node
    boxed = _boxed(expr)
    reference = code(statement.visit(_Swap({slot: boxed})))
    if not same_ast(reference, reference):
        return None
    return expr if same_ast(code(statement.visit(_Swap({slot: expr}))), reference) else boxed


def _subtree(node: cst.CSTNode) -> set[int]:
    return {id(n) for n in all_nodes(node)}


class _Program(Movable):
    """Each loop's rewrite, judged by the facts about the whole module that `Movable` gathers."""

    def __init__(self, module: cst.Module) -> None:
        super().__init__(module)
        self.blocker = self._blocker()

    def _blocker(self) -> str | None:
        if m.findall(self.module, m.Try() | m.TryStar()):
            return "the program uses try, which could see the variables of a loop that raised"
        if m.findall(self.module, m.Global() | m.Nonlocal()):
            return "the program declares global or nonlocal names, which functions could rebind"
        reach = sorted(all_names(self.module) & _REACH_BY_NAME)
        return f"the program uses {', '.join(reach)}, which can reach variables by name" if reach else None

    def rewrite(self, assign: cst.Assign, loop: cst.For) -> cst.Assign | str:
        """`L = [E' for x in IT]` for `L = []` (`assign`) and the `loop` after it, or why it would not be exact.
        The loop's body ends with `L.append(E)`."""
        if self.blocker:
            return self.blocker
        scope, name = self.scopes[loop], assign.targets[0].target.value
        if not isinstance(scope, FunctionScope | GlobalScope):
            return "the loop is in a class body"
        if loop.orelse is not None or loop.asynchronous is not None:
            return "the loop has an else clause or is async"
        if loop in self.module.body and m.matches(loop.iter, m.Call(func=m.Name("range"), args=[m.Arg(m.Name())])):
            return "the loop is the training loop, whose step count the checker rewrites"
        node = loop
        while not isinstance(node, cst.Module | cst.FunctionDef):
            node = self.parents[node]
            if isinstance(node, cst.With):
                return "the loop is in a with block, which could swallow an exception"
        body = self.where[id(block_statements(loop.body)[0])][0]  # the list object positions refer to
        append = body[-1]
        pairs = self._pairs(body[:-1])
        if isinstance(pairs, str):
            return pairs
        loop_names = target_names(loop.target)
        assigned = [a.value for a, _, _ in pairs]
        if len(set(assigned)) != len(assigned) or {name, *assigned} & set(loop_names) or name in assigned:
            return "the body assigns a name twice, or the list or the loop variable"
        if any(n.startswith("__") for n in [name, *loop_names, *assigned]):
            return "a dunder name is involved"
        if m.findall(loop.body, m.NamedExpr() | m.Yield() | m.Await() | m.Name("super")):
            return "the body has :=, yield, await or super, which mean something else in a comprehension"
        for late in m.findall(loop, m.Lambda() | m.GeneratorExp()):
            if {n.value for n in variable_names(late)} & {*loop_names, *assigned}:
                return "a lambda or generator expression in the loop reads a variable of the loop later"
        the_receiver = append.value.func.value  # type: ignore[attr-defined]
        for read in self.reads.get((id(scope), name), []):
            if read is not the_receiver and (self.inside(read, loop) or self.home(read) is not scope):
                return f"{name} is read in the loop or by a nested function"
        for leaked in [*loop_names, *assigned]:
            why = self.leak(leaked, scope, loop)
            if why:
                return why
        return self._comprehension(assign, loop, body, pairs, scope)

    def _pairs(self, statements: list[cst.CSTNode]) -> list[tuple[cst.Name, cst.BaseExpression, int]] | str:
        """(name node, value, statement index) of each single assignment the body's statements make."""
        pairs = []
        for index, statement in enumerate(statements):
            if not isinstance(statement, cst.Assign) or len(statement.targets) != 1:
                return "the loop body has a statement other than single assignments before the append"
            target, value = statement.targets[0].target, statement.value
            if isinstance(target, cst.Name):
                pairs.append((target, value, index))
                continue
            names = [e.value for e in target.elements] if isinstance(target, cst.Tuple | cst.List) else []
            values = [e.value for e in value.elements] if isinstance(value, cst.Tuple) else []
            plain = [*target.elements, *value.elements] if names and values else []
            flat = all(isinstance(n, cst.Name) for n in names) and all(type(e) is cst.Element for e in plain)
            if not names or len(names) != len(values) or not flat:
                return "an assignment in the loop body is not to names from a display of as many values"
            pairs += [(n, v, index) for n, v in zip(names, values, strict=True)]
        return pairs

    def _comprehension(
        self,
        assign: cst.Assign,
        loop: cst.For,
        body: list[cst.CSTNode],
        pairs: list[tuple[cst.Name, cst.BaseExpression, int]],
        scope: Scope,
    ) -> cst.Assign | str:
        """Inline each assignment at its one read, check the moves, and build the comprehension."""
        ints = self.ints(loop)
        swaps: dict[cst.CSTNode, cst.BaseExpression] = {}
        placed: list[tuple[cst.Name, cst.BaseExpression, cst.BaseExpression]] = []
        for target, value, index in pairs:
            reads = [r for r in self.reads.get((id(scope), target.value), []) if self.inside(r, loop)]
            in_body = [(r, self.in_list(r, body)) for r in reads if self.inside(r, loop.body)]
            if len(reads) != 1 or len(in_body) != 1 or in_body[0][1] is None or in_body[0][1] <= index:
                return f"{target.value} is not read exactly once, in a later statement of the loop body"
            read, at = in_body[0]
            if not any(kind == "name" and node is read for kind, node in statement_events(body[at]) or []):
                return f"{target.value} is read where it is evaluated zero or several times"
            fitted = _fit(body[at], read, value.visit(_Swap(swaps)))
            if fitted is None:
                return f"the value of {target.value} cannot be written where it is read"
            swaps[read] = fitted
            placed.append((target, value, fitted))
        call = body[-1].value  # type: ignore[attr-defined]
        element = call.args[0].value.visit(_Swap(swaps))
        # The element's evaluation, as the append statement's; each value must be able to move
        # past what runs before it there (the values inlined before it, last first, included).
        events = statement_events(cst.Expr(call.with_changes(args=[call.args[0].with_changes(value=element)])))
        inside = [_subtree(node) for _, _, node in placed]
        for j, (target, value, _) in enumerate(placed):
            kind = effect_kind(value)
            start = next((i for i, (_, n) in enumerate(events or []) if id(n) in inside[j]), None)
            if kind == "plain" or start is None:
                continue
            earlier = [e for e in events[:start] if not any(id(e[1]) in inside[i] for i in range(j))]
            why = clash(earlier, kind, self.stored_attrs)
            if why and not self.call_proof(value, ints):
                return f"moving the value of {target.value} to its read: {why}"
        return self._build(assign, loop, element)

    def _build(self, assign: cst.Assign, loop: cst.For, element: cst.BaseExpression) -> cst.Assign | str:
        """`L = [element for target in iter]`, each part in parentheses only where it needs them."""
        slot_element, slot_iter = cst.Name("_"), cst.Name("_")
        shape = assign.with_changes(value=cst.ListComp(slot_element, cst.CompFor(loop.target, _boxed(loop.iter))))
        fitted = _fit(shape, slot_element, element)
        shape = assign.with_changes(value=cst.ListComp(fitted or element, cst.CompFor(loop.target, slot_iter)))
        iterable = _fit(shape, slot_iter, loop.iter)
        if fitted is None or iterable is None:
            return "the element or the iterable cannot be written in a comprehension"
        return shape.visit(_Swap({slot_iter: iterable}))  # type: ignore[return-value]

    def sites(self) -> tuple[dict[cst.CSTNode, cst.CSTNode | None], list[str]]:
        """Edits for every `L = []` + loop that can become a comprehension, and why others cannot."""
        edits: dict[cst.CSTNode, cst.CSTNode | None] = {}
        reasons: list[str] = []
        for items in self.lists:
            for first, loop in zip(items, items[1:], strict=False):
                name = _receiver(loop)
                split = _split(first, name) if name else None
                if split is None:
                    continue
                outcome = self.rewrite(split[0], loop)  # type: ignore[arg-type]
                if isinstance(outcome, str):
                    reasons.append(outcome)
                    continue
                # `first` ends its line (a compound statement follows); the new assignment takes its place.
                line = self.parents[first]
                rest = [split[1].with_changes(semicolon=cst.Semicolon())] if split[1] else []
                edits[line] = line.with_changes(body=[*line.body[:-1], *rest, outcome])
                edits[loop] = None
        return edits, reasons


def _receiver(loop: cst.CSTNode) -> str | None:
    """L when `loop` is a `for` statement whose body ends with `L.append(one argument)`."""
    body = block_statements(loop.body) if isinstance(loop, cst.For) else []
    append = m.Call(func=m.Attribute(value=m.Name(), attr=m.Name("append")), args=[m.Arg(keyword=None, star="")])
    if not body or not m.matches(body[-1], m.Expr(value=append)):
        return None
    return body[-1].value.func.value.value  # type: ignore[attr-defined]


def _split(statement: cst.CSTNode, name: str) -> tuple[cst.Assign, cst.Assign | None] | None:
    """`(L = [], what else the statement assigns)` when `statement` binds L to a new empty list:
    `L = []` (nothing else), or one pair of a tuple assignment `a, L = x, []` (then `a = x`)."""
    empty = m.List(elements=[])
    if not isinstance(statement, cst.Assign) or len(statement.targets) != 1:
        return None
    target, value = statement.targets[0].target, statement.value
    if m.matches(target, m.Name(name)) and m.matches(value, empty):
        return statement, None
    if not isinstance(target, cst.Tuple | cst.List) or not isinstance(value, cst.Tuple):
        return None
    pairs = list(zip(target.elements, value.elements, strict=False))
    if len(target.elements) != len(value.elements) or any(type(e) is not cst.Element for p in pairs for e in p):
        return None
    hits = [i for i, (t, v) in enumerate(pairs) if m.matches(t.value, m.Name(name)) and m.matches(v.value, empty)]
    others = [t for i, (t, _) in enumerate(pairs) if i not in hits]
    if len(hits) != 1 or any(n.value == name for t in others for n in variable_names(t)):
        return None  # another target using L would see it bound at another time
    kept = [p for i, p in enumerate(pairs) if i != hits[0]]
    fresh = cst.Assign(targets=[cst.AssignTarget(cst.Name(name))], value=cst.List([]))
    if len(kept) == 1:
        return fresh, statement.with_changes(targets=[cst.AssignTarget(kept[0][0].value)], value=kept[0][1].value)
    last = {"comma": cst.MaybeSentinel.DEFAULT}
    names = [t for t, _ in kept[:-1]] + [kept[-1][0].with_changes(**last)]
    values = [v for _, v in kept[:-1]] + [kept[-1][1].with_changes(**last)]
    narrower = statement.targets[0].with_changes(target=target.with_changes(elements=names))
    return fresh, statement.with_changes(targets=[narrower], value=value.with_changes(elements=values))


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Turn every `L = []` + loop that only appends to L into a list comprehension, when exact."""
    program = _Program(module)
    edits, reasons = program.sites()
    if not edits:
        raise Refuse(reasons[0] if reasons else "no `L = []` followed by a loop that ends with L.append(...)")
    return edit_statements(program.module, edits)


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    try:
        edits, _ = _Program(module).sites()
    except Refuse:
        return []
    return [{}] if edits else []


TECHNIQUE = Technique(
    name="append-comprehension",
    summary="turn `L = []` and a loop that only appends to L into a list comprehension (refuses when not exact)",
    transform=transform,
    candidates=_candidates,
)

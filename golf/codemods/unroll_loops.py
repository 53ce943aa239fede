"""unroll-loops: a loop that runs exactly once becomes its body.

`for NAME in range(K)` runs its body once with NAME bound to 0 when K is the integer literal 1,
or a module-level name assigned once (before the loop's top-level statement) to the literal 1
and bound nowhere else: no other assignment in any scope, no `global`/`nonlocal`/`del` of it.
The loop becomes its body, with every read of NAME replaced by `0`, so the same operations run
on the same values in the same order and the result is exact. The substitution is skipped, and
`NAME = 0` put before the body instead, when the body rebinds NAME, reads it lazily (in a
lambda, a function or a generator expression, which could run after NAME changed), prints it
with `{NAME=}`, or NAME is in a `global`/`nonlocal` statement. `NAME = 0` is also put before
the (substituted) body when NAME could be read after the loop in the same scope: every other
read must sit in the body of another `for` that binds NAME (which rebinds it first), or the
binding stays. f-string fields that became `{0}` (no conversion, no format spec) fold into the
text: `f"layer{0}.wq"` is `"layer0.wq"`, the string `format(0)` gives. A list comprehension
`[ELT for T in range(K)]` with one `for` and no `if` becomes `[ELT]` (T read in ELT becomes 0:
it never changes after its one iteration). Once no read of a K name is left, its assignment
goes too. It refuses a loop with `break`, `continue` or `else`, an `async for`, any loop when
`range` is rebound or the program uses `eval`, `exec`, `globals`, `locals` or `vars`, and a K
that bounds a top-level loop it cannot unroll (the checker's `--steps` rewriter may need it).
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.metadata import (
    ClassScope,
    ComprehensionScope,
    MetadataWrapper,
    ParentNodeProvider,
    Scope,
    ScopeProvider,
)

from golf.codemods.names import NAMES_AS_STRINGS, bindings, local_binding_scope, target_names
from golf.codemods.program import metadata
from golf.codemods.step_bounds import step_bounds
from golf.codemods.technique import Params, Refuse, Technique
from golf.codemods.tree import ancestors

#: Calls that reach variables by their names as strings.
_DYNAMIC = NAMES_AS_STRINGS
_EAGER_COMPREHENSIONS = (cst.ListComp, cst.SetComp, cst.DictComp)


def _is_one(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Integer) and not node.lpar and node.evaluated_value == 1


def _ones(module: cst.Module) -> dict[str, int]:
    """Module-level names assigned exactly once, to the literal 1: name -> index of the statement."""
    candidates: dict[str, int] = {}
    for index, statement in enumerate(module.body):
        if not isinstance(statement, cst.SimpleStatementLine):
            continue
        for small in statement.body:
            if not isinstance(small, cst.Assign) or len(small.targets) != 1:
                continue
            target, value = small.targets[0].target, small.value
            if isinstance(target, cst.Name) and _is_one(value):
                candidates.setdefault(target.value, index)
            elif _parallel(target, value):
                for name, item in zip(target.elements, value.elements, strict=True):
                    if isinstance(name.value, cst.Name) and _is_one(item.value):
                        candidates.setdefault(name.value.value, index)
    counts: dict[str, int] = {}
    for name, _ in bindings(module):
        counts[name] = counts.get(name, 0) + 1
    return {name: index for name, index in candidates.items() if counts.get(name) == 1}


def _parallel(target: cst.BaseExpression, value: cst.BaseExpression) -> bool:
    """`a, b = x, y`: as many plain values as targets, no starred element on either side."""
    return (
        isinstance(target, (cst.Tuple, cst.List))
        and isinstance(value, cst.Tuple)
        and len(target.elements) == len(value.elements) >= 2
        and not any(isinstance(e, cst.StarredElement) for e in [*target.elements, *value.elements])
    )


def _bound(node: cst.CSTNode, ones: dict[str, int]) -> str | None:
    """For `range(K)` with K exactly one: 'K' (a name) or '1'; else None."""
    if not m.matches(node, m.Call(func=m.Name("range"), args=[m.Arg(keyword=None, star="")])):
        return None
    value = node.args[0].value  # type: ignore[attr-defined]
    if _is_one(value):
        return "1"
    if isinstance(value, cst.Name) and not value.lpar and value.value in ones:
        return value.value
    return None


def _why_not_loop(loop: cst.For) -> str | None:
    """Why a `for` over a one-element range cannot become its body (None: it can)."""
    if loop.asynchronous is not None:
        return "is an async for"
    if loop.orelse is not None:
        return "has an else clause"
    if not isinstance(loop.target, cst.Name):
        return "its target is not a plain name"
    if _jumps(loop.body):
        return "has break or continue"
    return None


def _jumps(node: cst.CSTNode) -> bool:
    """A `break` or `continue` of the loop whose body is `node` (not of a nested loop or function)."""
    for child in node.children:
        if isinstance(child, (cst.Break, cst.Continue)):
            return True
        if isinstance(child, (cst.For, cst.While)):
            if child.orelse is not None and _jumps(child.orelse):  # a nested loop's else belongs to this loop
                return True
        elif not isinstance(child, (cst.FunctionDef, cst.ClassDef, cst.Lambda)) and _jumps(child):
            return True
    return False


class _Analysis:
    """Scope facts about the module: where names resolve, and which node contains which."""

    def __init__(self, wrapper: MetadataWrapper) -> None:
        self.scopes = wrapper.resolve(ScopeProvider)
        self.parents = wrapper.resolve(ParentNodeProvider)
        self.reads: dict[str, list[tuple[cst.Name, Scope]]] = {}
        for scope in {s for s in self.scopes.values() if s is not None}:
            for access in scope.accesses:
                if isinstance(access.node, cst.Name):
                    self.reads.setdefault(access.node.value, []).append((access.node, scope))

    def ancestors(self, node: cst.CSTNode) -> list[cst.CSTNode]:
        return ancestors(self.parents, node)

    def resolves_to(self, name: str, scope: Scope) -> Scope:
        """The scope whose binding of `name` a read in `scope` sees (lexically, as Python does)."""
        return local_binding_scope(scope, name) or scope.globals

    def eager_in(self, scope: Scope, home: Scope) -> bool:
        """True when code in `scope` runs right where it stands in `home` (list/set/dict comprehensions)."""
        while scope is not home:
            if not isinstance(scope, ComprehensionScope) or not isinstance(scope.node, _EAGER_COMPREHENSIONS):
                return False
            scope = scope.parent
        return True

    def reads_of(self, name: str, home: Scope) -> list[tuple[cst.Name, Scope]]:
        """The reads of `name` that see the binding in `home`."""
        return [(n, s) for n, s in self.reads.get(name, []) if self.resolves_to(name, s) is home]


def _inside(analysis: _Analysis, node: cst.CSTNode, container: cst.CSTNode) -> bool:
    return any(a is container for a in analysis.ancestors(node))


def _plan_loop(analysis: _Analysis, loop: cst.For, declared: set[str]) -> tuple[set[cst.Name], bool]:
    """The reads to replace by 0 and whether `NAME = 0` must stay, for a loop that can be unrolled."""
    name = loop.target.value  # type: ignore[attr-defined]
    home = analysis.scopes[loop]
    reads = analysis.reads_of(name, home)
    inner = [(n, s) for n, s in reads if _inside(analysis, n, loop.body)]
    outer = [(n, s) for n, s in reads if not _inside(analysis, n, loop.body) and not _inside(analysis, n, loop.iter)]
    # A comprehension's own `for NAME in ...` binds NAME in the comprehension, not here.
    rebound = any(bound == name and not isinstance(node, cst.CompFor) for bound, node in bindings(loop.body))
    shown = any(
        isinstance(a, cst.FormattedStringExpression) and a.equal is not None
        for n, _ in inner
        for a in analysis.ancestors(n)
    )
    lazy = any(not analysis.eager_in(s, home) for _, s in inner)
    if rebound or shown or lazy or name in declared:
        return set(), True

    def covered(read: cst.Name, scope: Scope) -> bool:
        # Another `for` that binds NAME, whose body holds the read, rebinds NAME before it.
        if not analysis.eager_in(scope, home):
            return False
        return any(
            isinstance(a, cst.For)
            and a is not loop
            and analysis.scopes[a] is home
            and name in target_names(a.target)
            and _inside(analysis, read, a.body)
            for a in analysis.ancestors(read)
        )

    keep = isinstance(home, ClassScope) or not all(covered(n, s) for n, s in outer)
    return {n for n, _ in inner}, keep


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Replace every loop and list comprehension over a one-element range by its body or element."""
    names = {name for name, _ in bindings(module)}
    used = {c.func.value for c in m.findall(module, m.Call(func=m.Name()))}  # type: ignore[attr-defined]
    if used & _DYNAMIC:
        raise Refuse(f"the program calls {', '.join(sorted(used & _DYNAMIC))}: names may be reached as strings")
    if "range" in names:
        raise Refuse("the program rebinds range")
    wrapper = metadata(module)
    module = wrapper.module
    analysis = _Analysis(wrapper)
    ones = _ones(module)
    declared = {n for n, node in bindings(module) if isinstance(node, (cst.Global, cst.Nonlocal))}
    refusals: list[str] = []
    for statement in module.body:
        if isinstance(statement, cst.For):
            bound = _bound(statement.iter, ones)
            why = _why_not_loop(statement)
            if bound in ones and bound in step_bounds(module) and why is not None:
                refusals.append(f"{bound} bounds a top-level loop that {why}; the checker may need it")
                del ones[bound]

    def top_index(node: cst.CSTNode) -> int:
        top = node if node in module.body else next(a for a in analysis.ancestors(node) if a in module.body)
        return module.body.index(top)

    loops: dict[cst.For, bool] = {}
    zeros: set[cst.Name] = set()
    comprehensions: set[cst.ListComp] = set()
    spent: set[str] = set()  # the K names of what is unrolled
    for loop in m.findall(module, m.For()):
        bound = _bound(loop.iter, ones)  # type: ignore[attr-defined]
        if bound is None or (bound in ones and ones[bound] >= top_index(loop)):
            continue
        why = _why_not_loop(loop)  # type: ignore[arg-type]
        if why is not None:
            refusals.append(f"`for {cst.Module([]).code_for_node(loop.target)} in range({bound})` {why}")  # type: ignore[attr-defined]
            continue
        replace, keep = _plan_loop(analysis, loop, declared)  # type: ignore[arg-type]
        loops[loop] = keep  # type: ignore[index]
        zeros |= replace
        spent.add(bound)
    for comp in m.findall(module, m.ListComp()):
        plan = _plan_comprehension(analysis, comp, ones, top_index(comp))  # type: ignore[arg-type]
        if isinstance(plan, str):
            refusals.append(plan)
        elif plan is not None:
            comprehensions.add(comp)  # type: ignore[arg-type]
            zeros |= plan
            spent.add(_bound(comp.for_in.iter, ones))  # type: ignore[attr-defined, arg-type]
    if not loops and not comprehensions:
        raise Refuse("; ".join(refusals) if refusals else "no loop or list comprehension runs exactly once")
    new = module.visit(_Unroll(loops, zeros, comprehensions, analysis))
    return _drop_unused(new, spent & set(ones))


def _plan_comprehension(
    analysis: _Analysis, comp: cst.ListComp, ones: dict[str, int], index: int
) -> set[cst.Name] | str | None:
    """The reads of the target to replace by 0, a refusal reason, or None when it is not one-shot."""
    loop = comp.for_in
    bound = _bound(loop.iter, ones)
    if bound is None or (bound in ones and ones[bound] >= index):
        return None
    if loop.inner_for_in is not None or loop.ifs or loop.asynchronous is not None:
        return f"the comprehension over range({bound}) has several `for`s, an `if` or is async"
    inner = analysis.scopes[comp.elt]
    if isinstance(inner.parent, ClassScope):
        return f"the comprehension over range({bound}) is in a class body, which sees names differently"
    if not isinstance(loop.target, cst.Name):
        return f"the comprehension over range({bound}) does not bind a plain name"
    reads = analysis.reads_of(loop.target.value, inner)
    if any(isinstance(a, cst.FormattedStringExpression) and a.equal for n, _ in reads for a in analysis.ancestors(n)):
        return f"the comprehension over range({bound}) prints its target with {{name=}}"
    return {n for n, _ in reads}


class _Unroll(cst.CSTTransformer):
    def __init__(
        self, loops: dict[cst.For, bool], zeros: set[cst.Name], comps: set[cst.ListComp], analysis: _Analysis
    ) -> None:
        self.loops, self.zeros, self.comps, self.analysis = loops, zeros, comps, analysis

    def leave_Name(self, original_node: cst.Name, updated_node: cst.Name) -> cst.BaseExpression:
        if original_node not in self.zeros:
            return updated_node
        parent = self.analysis.parents.get(original_node)
        wrap = isinstance(parent, cst.Attribute) and parent.value is original_node and not updated_node.lpar
        if wrap:  # `0.real` would read as a float literal
            return cst.Integer("0", lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        return cst.Integer("0", lpar=updated_node.lpar, rpar=updated_node.rpar)

    def leave_FormattedString(
        self, original_node: cst.FormattedString, updated_node: cst.FormattedString
    ) -> cst.BaseExpression:
        parts: list[cst.BaseFormattedStringContent] = []
        folded = False
        for old, new in zip(original_node.parts, updated_node.parts, strict=True):
            if (
                isinstance(old, cst.FormattedStringExpression)
                and old.expression in self.zeros
                and old.conversion is None
                and old.format_spec is None
                and old.equal is None
            ):
                new = cst.FormattedStringText("0")
                folded = True
            if parts and isinstance(parts[-1], cst.FormattedStringText) and isinstance(new, cst.FormattedStringText):
                new = cst.FormattedStringText(parts.pop().value + new.value)
            parts.append(new)
        if not folded:
            return updated_node
        if any(isinstance(p, cst.FormattedStringExpression) for p in parts):
            return updated_node.with_changes(parts=parts)
        text = parts[0].value.replace("{{", "{").replace("}}", "}") if parts else ""  # type: ignore[attr-defined]
        prefix = updated_node.start.replace("f", "").replace("F", "")
        return cst.SimpleString(prefix + text + updated_node.end, lpar=updated_node.lpar, rpar=updated_node.rpar)

    def leave_ListComp(self, original_node: cst.ListComp, updated_node: cst.ListComp) -> cst.BaseExpression:
        if original_node not in self.comps:
            return updated_node
        return cst.List(
            [cst.Element(updated_node.elt)],
            lbracket=updated_node.lbracket,
            rbracket=updated_node.rbracket,
            lpar=updated_node.lpar,
            rpar=updated_node.rpar,
        )

    def leave_For(
        self, original_node: cst.For, updated_node: cst.For
    ) -> cst.BaseStatement | cst.FlattenSentinel[cst.BaseStatement]:
        if original_node not in self.loops:
            return updated_node
        body = updated_node.body
        lines = list(updated_node.leading_lines)
        if isinstance(body, cst.IndentedBlock):
            statements: list[cst.BaseStatement] = list(body.body)
            if body.header.comment is not None:
                lines.append(cst.EmptyLine(comment=body.header.comment))
            lines += [line for line in body.footer if line.comment is not None]
        else:
            statements = [cst.SimpleStatementLine(list(body.body), trailing_whitespace=body.trailing_whitespace)]
        if self.loops[original_node]:
            zero = cst.Assign([cst.AssignTarget(updated_node.target)], cst.Integer("0"))
            statements.insert(0, cst.SimpleStatementLine([zero]))
        first = statements[0]
        statements[0] = first.with_changes(leading_lines=[*lines, *first.leading_lines])
        return cst.FlattenSentinel(statements)


def _drop_unused(module: cst.Module, names: set[str]) -> cst.Module:
    """Remove the module-level `K = 1` of every K no longer read anywhere."""
    counts: dict[str, int] = {}
    for node in m.findall(module, m.Name()):
        counts[node.value] = counts.get(node.value, 0) + 1  # type: ignore[attr-defined]
    unused = {name for name in names if counts.get(name) == 1}  # only its assignment is left
    if not unused:
        return module
    body: list[cst.BaseStatement] = []
    carried: list[cst.EmptyLine] = []
    for statement in module.body:
        if isinstance(statement, cst.SimpleStatementLine):
            kept = [s for s in (_without(small, unused) for small in statement.body) if s is not None]
            if not kept:
                carried += statement.leading_lines
                continue
            kept[-1] = kept[-1].with_changes(semicolon=statement.body[-1].semicolon)
            statement = statement.with_changes(body=kept)
        if carried:
            statement = statement.with_changes(leading_lines=[*carried, *statement.leading_lines])
            carried = []
        body.append(statement)
    return module.with_changes(body=body)


def _without(small: cst.BaseSmallStatement, unused: set[str]) -> cst.BaseSmallStatement | None:
    """`small` without its assignment of an unused name (None when nothing is left)."""
    if not isinstance(small, cst.Assign) or len(small.targets) != 1:
        return small
    target, value = small.targets[0].target, small.value
    if isinstance(target, cst.Name):
        return None if target.value in unused and _is_one(value) else small
    if not _parallel(target, value):
        return small
    pairs = [
        (t, v)
        for t, v in zip(target.elements, value.elements, strict=True)  # type: ignore[attr-defined]
        if not (isinstance(t.value, cst.Name) and t.value.value in unused and _is_one(v.value))
    ]
    if len(pairs) == len(target.elements):  # type: ignore[attr-defined]
        return small
    if len(pairs) == 1:
        name, item = pairs[0]
        return small.with_changes(targets=[small.targets[0].with_changes(target=name.value)], value=item.value)
    last_t, last_v = target.elements[-1].comma, value.elements[-1].comma  # type: ignore[attr-defined]
    targets = [t for t, _ in pairs]
    values = [v for _, v in pairs]
    targets[-1], values[-1] = targets[-1].with_changes(comma=last_t), values[-1].with_changes(comma=last_v)
    return small.with_changes(
        targets=[small.targets[0].with_changes(target=target.with_changes(elements=targets))],
        value=value.with_changes(elements=values),
    )


TECHNIQUE = Technique(
    name="unroll-loops",
    summary="replace loops and list comprehensions over range(1) (or a name bound once to 1) by their body",
    transform=transform,
)

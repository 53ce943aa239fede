"""copy-propagation: `x=E;e=x` becomes `e=E`, and the reads of x that saw that value read e.

In a statement list (the module, a function body, any block), a plain assignment `x=E`
immediately followed by `e=x` (both one-target assignments to plain names, on one line or
two) binds both names to the same object. `x=J([...]);e=x;x=J(x);q=y(x,W)` becomes
`e=J([...]);x=J(e);q=y(x,W)`: `E` is bound to e at once, the copy goes, and every read of
x up to and including the right-hand side of the next `x=...` of that list (the *region*)
reads e instead; without such a rebinding the region is the rest of the list.

Why it is exact: E is evaluated once, as before, and nothing runs between binding x and
copying it to e, so e holds the same object from the same moment on (one statement earlier
makes no difference). Each replaced read saw that object through x and sees it through e:
nothing in the region binds e before the last replaced read (the assignment holding that read
in its value may have e as its target, `e=x+[2]`: the target is bound after the value is
evaluated) or x (other than the ending assignment's target), and e there resolves to the
same variable (no comprehension around the read binds e). Reads of e are unchanged. What
changes is x: from `x=E` to the next binding, it keeps its old value (or stays unbound). So
no read of x outside the region may see the copied value. Checked with LibCST's scopes,
every read of x in the scope must be
- in the region (replaced), in `E` itself (it runs before the binding) or in `e=x`;
- or textually before `x=E` and not inside a loop around it (else it could run after it);
- or after the ending assignment in the same list (reached only through that assignment);
- and when the region ends in a rebinding, has no `break` or `continue` and `x=E` is in no
  `try` or `with` (which could swallow an exception raised in the region), every path out of
  the region passes the rebinding or leaves the scope, so any other read is fine too.
A read of x or e in a nested function, lambda, class body or generator (which may run at
another time) is refused; a list, set or dict comprehension runs where it is written, and
counts as its place in the list.

It refuses class bodies (x is an attribute there), names declared `global` or `nonlocal`,
the training loop's step count, a binding of x or e inside E, any other binding of x in the
region, and programs that reach variables by name (`eval`, `locals`, ...). It rewrites every
such pair it can, one after another; each saves `;e=x` (or its line).
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ComprehensionScope, FunctionScope, GlobalScope, Scope

from golf.codemods._statements import block_statements, edit_statements
from golf.codemods.constants import NameReads, blocker
from golf.codemods.names import RenameNodes, bindings, target_names
from golf.codemods.step_bounds import step_bounds
from golf.codemods.technique import Params, Refuse, Technique
from golf.codemods.tree import ancestors

_LOOPS = (cst.For, cst.While)
#: Statements that can catch an exception raised inside them and carry on after them.
_CATCHERS = (cst.Try, cst.TryStar, cst.With)


def _copy_target(node: cst.CSTNode) -> str | None:
    """NAME when `node` is a one-target assignment `NAME = ...`."""
    if isinstance(node, cst.Assign) and len(node.targets) == 1 and isinstance(node.targets[0].target, cst.Name):
        return node.targets[0].target.value
    return None


class _Order(cst.CSTVisitor):
    def __init__(self) -> None:
        self.start: dict[cst.CSTNode, int] = {}

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.start[node] = len(self.start)
        return True


#: The statements to change for one pair, by node (None: remove it).
_Edits = dict[cst.CSTNode, cst.CSTNode | None]


class _Facts(NameReads):
    """The scopes and reads of a module, plus the textual order of its nodes."""

    def __init__(self, module: cst.Module) -> None:
        super().__init__(module)
        self.blocker = blocker(self.module)
        self.pinned = step_bounds(self.module)
        order = _Order()
        self.module.visit(order)
        #: Each node's place in the source (pre-order: a node comes before what it contains).
        self.start = order.start

    def blocks(self) -> list[list[cst.CSTNode]]:
        """Every statement list of the module, each `;`-joined part on its own."""
        suites = m.findall(self.module, m.IndentedBlock() | m.SimpleStatementSuite())
        return [block_statements(body) for body in [self.module, *suites]]  # type: ignore[arg-type]

    def _nested_problem(self, read: cst.Name, scope: Scope, rename_to: str | None) -> str | None:
        """Why `read` (of a variable of `scope`) does not run where it is written, or would not see
        `rename_to` as `scope`'s variable; None when it does."""
        inner = self.scopes[read]
        while inner is not scope:
            node = getattr(inner, "node", None)
            if not isinstance(inner, ComprehensionScope) or isinstance(node, cst.GeneratorExp):
                return f"{read.value} is read in a nested function, lambda, class or generator"
            if rename_to is not None and self.bound_in(rename_to, inner):
                return f"a comprehension around a read of {read.value} binds {rename_to}"
            inner = inner.parent
        return None

    def plan(self, block: list[cst.CSTNode], k: int) -> _Edits | str:
        """The rewrite of `block[k]` (`x=E`) and `block[k+1]` (`e=x`), or why it is not exact."""
        first, copy = block[k], block[k + 1]
        x, e = _copy_target(first), _copy_target(copy)
        assert x is not None and e is not None and isinstance(first, cst.Assign)
        scope = self.scopes[first]
        if not isinstance(scope, FunctionScope | GlobalScope):
            return f"`{x}=...;{e}={x}` is in a class body, where names are attributes"
        if self.blocker:
            return self.blocker
        for name in (x, e):
            if name in self.declared:
                return f"{name} is declared global or nonlocal"
            if name in self.pinned:
                return f"{name} is the training loop's step count, which the checker rewrites"
        if {x, e} & {name for name, _ in bindings(first.value)}:
            return f"the value assigned to {x} binds {x} or {e} itself"
        end = self._end(block, k, x)
        if isinstance(end, str):
            return end
        region = block[k + 2 : (len(block) if end is None else end + 1)]
        index = {statement: j for j, statement in enumerate(block)}
        replace, last = self._replaced_reads(block, k, x, e, end, scope, index)
        if isinstance(replace, str):
            return replace
        for statement in block[k + 2 : last + 1]:
            if self._binds_before_reads(statement, e, replace if statement is block[last] else []):
                return f"{e} is bound again before the last read of {x} that would change"
        for read in self.reads_of(e, scope):
            problem = self._nested_problem(read, scope, None)
            if problem:
                return problem
        renames: dict[cst.CSTNode, str] = dict.fromkeys(replace, e)
        edits: _Edits = {copy: None}
        edits[first] = first.visit(RenameNodes({first.targets[0].target: e}))
        for statement in region:
            if any(read in renames for read in m.findall(statement, m.Name())):
                edits[statement] = statement.visit(RenameNodes(renames))
        return edits

    @staticmethod
    def _binds_before_reads(statement: cst.CSTNode, e: str, replace: list[cst.Name]) -> bool:
        """True when `statement` could bind `e` before one of its `replace` reads runs (with no reads
        given: when it binds `e` at all). An assignment whose value holds those reads binds its own
        target names only after evaluating the value."""
        binds = [node for name, node in bindings(statement) if name == e]
        if not binds or not replace or not isinstance(statement, cst.Assign | cst.AugAssign | cst.AnnAssign):
            return bool(binds)
        here = {id(n) for n in m.findall(statement, m.Name())} & {id(read) for read in replace}
        in_value = {id(n) for n in m.findall(statement.value, m.Name())} if statement.value is not None else set()
        if not here <= in_value:
            return True  # a read in a target (`e=a[x]=...`) runs after `e` is bound
        targets = statement.targets if isinstance(statement, cst.Assign) else [statement]
        own = {id(t) for t in targets if e in target_names(t.target)}
        return any(id(node) not in own for node in binds)

    def _end(self, block: list[cst.CSTNode], k: int, x: str) -> int | None | str:
        """Index of the next plain `x=...` after the pair; None when x is not bound again; or why
        x is bound otherwise in between."""
        for j in range(k + 2, len(block)):
            statement = block[j]
            if _copy_target(statement) == x:
                if any(name == x for name, _ in bindings(statement.value)):  # type: ignore[attr-defined]
                    return f"the assignment that rebinds {x} also binds it inside its value"
                return j
            if any(name == x for name, _ in bindings(statement)):
                return f"{x} is bound again in the statement list other than by a plain assignment"
        return None

    def _replaced_reads(
        self,
        block: list[cst.CSTNode],
        k: int,
        x: str,
        e: str,
        end: int | None,
        scope: Scope,
        index: dict[cst.CSTNode, int],
    ) -> tuple[list[cst.Name] | str, int]:
        """The reads of x that become reads of e, and the block index of the last one; or why a
        read of x could see the copied value without being replaced."""
        first = block[k]
        outer = [n for n in ancestors(self.parents, first) if self.scopes.get(n, scope) is scope]
        loops = [n for n in outer if isinstance(n, _LOOPS)]
        last_region = len(block) - 1 if end is None else end
        jumps = [s for s in block[k + 2 : last_region] if m.findall(s, m.Break() | m.Continue())]
        pair = f"`{x}=...;{e}={x}`"
        rebinding_covers = end is not None and not jumps and not any(isinstance(n, _CATCHERS) for n in outer)
        replace: list[cst.Name] = []
        last = k + 1
        for read in self.reads_of(x, scope):
            problem = self._nested_problem(read, scope, None)
            if problem:
                return problem, last
            around = ancestors(self.parents, read)
            j = next((index[n] for n in around if n in index), -1)
            if j == k or j == k + 1:
                continue  # in E (evaluated before x is bound) or the copy itself
            if k + 1 < j <= last_region:
                problem = self._nested_problem(read, scope, e)
                if problem:
                    return problem, last
                replace.append(read)
                last = max(last, j)
            elif j > last_region or rebinding_covers:
                continue  # after the rebinding in this list, or every way there passes it
            elif self.start[read] > self.start[first]:
                return f"{x} is read after the region of {pair}, where it would still hold the copied value", last
            elif any(loop in around for loop in loops):
                return f"{x} is read earlier in a loop around {pair}, which could come back to it", last
        return replace, last


def _rewrite(module: cst.Module) -> tuple[cst.Module | None, str]:
    """`module` with the first pair that can be rewritten rewritten, or None and the first reason not."""
    facts = _Facts(module)
    reason = "no assignment `x=E` is followed by a copy `e=x`"
    for block in facts.blocks():
        for k in range(len(block) - 1):
            x, e = _copy_target(block[k]), _copy_target(block[k + 1])
            copy_value = getattr(block[k + 1], "value", None)
            if x is None or e is None or x == e or not (isinstance(copy_value, cst.Name) and copy_value.value == x):
                continue
            plan = facts.plan(block, k)
            if not isinstance(plan, str):
                return edit_statements(facts.module, plan), ""
            if reason.startswith("no assignment"):
                reason = plan
    return None, reason


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Rewrite every `x=E;e=x` pair that can be rewritten exactly, one at a time."""
    new, reason = _rewrite(module)
    if new is None:
        raise Refuse(reason)
    while True:
        newer, _ = _rewrite(new)
        if newer is None:
            return new
        new = newer


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    try:
        return [{}] if _rewrite(module)[0] is not None else []
    except Refuse:
        return []


TECHNIQUE = Technique(
    name="copy-propagation",
    summary="turn `x=E;e=x` into `e=E` and read e where x held that value",
    transform=transform,
    candidates=_candidates,
)

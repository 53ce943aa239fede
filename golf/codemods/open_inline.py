"""open-inline (a trial technique): `with open(ARGS) as f: X = EXPR` becomes `X = EXPR'`, where `EXPR'`
has `open(ARGS)` in place of its one read of `f`.

`with open("input.txt")as f:k=[a.strip()for a in f if a.strip()]` becomes
`k=[a.strip()for a in open("input.txt")if a.strip()]`. The with-body must be one simple
statement (an assignment, an expression statement or a return) that reads `f` exactly once,
where it is evaluated exactly once: not inside a lambda or a generator expression, not in a
branch of `if`/`and`/`or` or a later link of a comparison chain; the first iterable of a
list, set or dict comprehension is evaluated once, at once, and qualifies. `f` must be read
nowhere else (no other read in its scope may see the with's binding), since the binding goes.

What stays the same: the builtin `open` returns the file object and a file's `__enter__`
returns the file itself, so `f` and `open(ARGS)` are the same object; the body computes what
it computed. Only name reads (and lookups of methods the program never assigns) may run in
the body before the read of `f`, so opening the file a little later, at the read, cannot be
seen by them (the checks of `_evaluation.clash`).

Why it is a trial: what changes is the file's lifetime, which no check can see. The `with`
closes the file when the body ends, also when the body raises; now the file is closed when
its object is collected: in CPython at once, when the comprehension or call drops the last
reference (also flushing what a write-mode file holds), elsewhere (PyPy) maybe much later; an
exception in the body no longer closes it first, and Python's development mode reports the
unclosed file as a ResourceWarning (ignored by default). The computation is the same, but a
program that depends on the file being closed at a point (reading back what it wrote, on a
Python without reference counting) could differ, so the equivalence check decides whether the
result is kept and the technique claims no exactness of its own.

It refuses several with-items, `async with`, a with-body of several statements, a target that
is not a plain name, `open` rebound (or star-imported, or `builtins` touched), a `with` in a
class body (`f` would be a class attribute), a program using `eval`/`exec`/`globals`/
`locals`/`vars` (which can read `f` by name), and arguments holding a walrus, `yield` or
`await`, which the later evaluation could reorder.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ClassScope, ParentNodeProvider, ScopeProvider

from golf.codemods._evaluation import clash, statement_events
from golf.codemods.names import NAMES_AS_STRINGS, all_names, bindings, star_imported, variable_names
from golf.codemods.program import metadata
from golf.codemods.technique import Params, Refuse, Technique

#: Simple statements whose evaluation `statement_events` knows.
_BODIES = (cst.Assign, cst.AugAssign, cst.Expr, cst.Return)


def _why_not_program(module: cst.Module) -> str | None:
    """Why no `with` of `module` may change (None: each is judged on its own)."""
    names = all_names(module)
    if names & NAMES_AS_STRINGS:
        return f"the program uses {', '.join(sorted(names & NAMES_AS_STRINGS))}, which can read a file by its name"
    if {"builtins", "__builtins__"} & names:
        return "the program touches builtins, so open may not be the builtin"
    if "open" in {name for name, _ in bindings(module)} or "open" in star_imported(module):
        return "open is bound by the program, so it may not be the builtin"
    return None


def _body_statement(node: cst.With) -> cst.BaseSmallStatement:
    """The one simple statement of the with-body, or Refuse."""
    body = node.body
    if isinstance(body, cst.IndentedBlock):
        if len(body.body) != 1 or not isinstance(body.body[0], cst.SimpleStatementLine):
            raise Refuse("the with-body is not one simple statement")
        if any(line.comment is not None for line in body.footer):
            raise Refuse("comments follow the with-body")
        small = body.body[0].body
    else:
        small = body.body  # type: ignore[attr-defined]
    if len(small) != 1 or not isinstance(small[0], _BODIES):
        raise Refuse("the with-body is not one assignment, expression statement or return")
    return small[0]


class _Program:
    """Scope facts of the whole module, and the plan for each `with` statement."""

    def __init__(self, module: cst.Module) -> None:
        wrapper = metadata(module)
        self.module = wrapper.module
        self.scopes = wrapper.resolve(ScopeProvider)
        self.parents = wrapper.resolve(ParentNodeProvider)
        self.stored_attrs: set[str] = set()
        targets = m.findall(self.module, m.AssignTarget() | m.AugAssign() | m.AnnAssign() | m.For() | m.CompFor())
        for node in targets:
            target = node.target  # type: ignore[attr-defined]
            self.stored_attrs |= {a.attr.value for a in m.findall(target, m.Attribute())}

    def inside(self, node: cst.CSTNode, kinds: tuple[type, ...], stop: cst.CSTNode) -> bool:
        """True when an ancestor of `node` below `stop` is one of `kinds`."""
        node = self.parents[node]
        while node is not stop:
            if isinstance(node, kinds):
                return True
            node = self.parents[node]
        return False

    def plan(self, node: cst.With) -> tuple[cst.BaseSmallStatement, cst.Name, cst.Call]:
        """(the body statement, its read of the file's name, the `open` call), or Refuse."""
        if node.asynchronous is not None:
            raise Refuse("async with")
        if len(node.items) != 1:
            raise Refuse("several with-items")
        item = node.items[0]
        call = item.item
        if not m.matches(call, m.Call(func=m.Name("open"))):
            raise Refuse("the with-item is not a call of open")
        assert isinstance(call, cst.Call)
        if item.asname is None or not isinstance(item.asname.name, cst.Name):
            raise Refuse("the file is not bound to a plain name")
        name = item.asname.name
        if m.findall(call, m.NamedExpr() | m.Yield() | m.Await()):
            raise Refuse("the arguments of open hold a walrus, yield or await")
        scope = self.scopes.get(name)
        if scope is None or isinstance(scope, ClassScope):
            raise Refuse(f"{name.value} is bound in a class body")
        statement = _body_statement(node)
        if name.value in {bound for bound, _ in bindings(statement)}:
            raise Refuse(f"the with-body binds {name.value} again")
        uses = [n for n in variable_names(statement) if n.value == name.value]
        if len(uses) != 1:
            raise Refuse(f"the with-body reads {name.value} {len(uses)} times, not once")
        read = uses[0]
        binding = [a for a in scope.assignments[name.value] if a.node is name]
        # No other read may see the binding, nor any read of the name in its scope (a loop could
        # bring one after the with, which LibCST does not link to it).
        reads = {id(r.node) for r in binding[0].references} if len(binding) == 1 else set()
        if reads | {id(a.node) for a in scope.accesses[name.value]} != {id(read)}:
            raise Refuse(f"{name.value} is read outside the with-body")
        if self.inside(read, (cst.FormattedString,), statement):
            raise Refuse(f"{name.value} is read inside an f-string, where open()'s quotes could clash")
        if self.inside(read, (cst.Lambda, cst.GeneratorExp), statement):
            raise Refuse(f"{name.value} is read inside a lambda or generator expression (maybe later, maybe never)")
        events = statement_events(statement) or []
        at = next((i for i, (kind, n) in enumerate(events) if kind == "name" and n is read), None)
        if at is None:
            raise Refuse(f"{name.value} is read where it is evaluated zero or several times")
        why = clash(events[:at], "calls", self.stored_attrs)
        if why is not None:
            raise Refuse(f"opening the file at the read of {name.value}: {why}")
        return statement, read, call


class _Inline(cst.CSTTransformer):
    def __init__(self, program: _Program) -> None:
        self.program = program
        self.changed = 0
        self.refusals: list[str] = []

    def leave_With(self, original_node: cst.With, updated_node: cst.With) -> cst.BaseStatement:
        try:
            statement, read, call = self.program.plan(original_node)
        except Refuse as exc:
            self.refusals.append(str(exc))
            return updated_node
        self.changed += 1
        new = statement.deep_replace(read, call).with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
        # Comments of the with's header and body line stay, above the statement that remains.
        leading = list(original_node.leading_lines)
        body = original_node.body
        if isinstance(body, cst.IndentedBlock):
            if body.header.comment is not None:
                leading.append(cst.EmptyLine(comment=body.header.comment))
            line = body.body[0]
            leading += line.leading_lines
            trailing = line.trailing_whitespace  # type: ignore[attr-defined]
        else:
            trailing = body.trailing_whitespace  # type: ignore[attr-defined]
        return cst.SimpleStatementLine([new], leading_lines=leading, trailing_whitespace=trailing)  # type: ignore[list-item]


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Inline the file of every eligible `with open(...) as f:` into its one-statement body."""
    reason = _why_not_program(module)
    if reason is not None:
        raise Refuse(reason)
    inline = _Inline(_Program(module))
    new = inline.program.module.visit(inline)
    if not inline.changed:
        if inline.refusals:
            raise Refuse(f"no with statement can go ({'; '.join(inline.refusals)})")
        raise Refuse("no with statement")
    return new


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    if not m.findall(module, m.With()) or _why_not_program(module) is not None:
        return []
    inline = _Inline(_Program(module))
    inline.program.module.visit(inline)
    return [{}] if inline.changed else []


TECHNIQUE = Technique(
    name="open-inline",
    summary="turn `with open(A) as f: x = E(f)` into `x = E(open(A))` (trial: the file closes when collected)",
    transform=transform,
    candidates=_candidates,
    trial=True,
)

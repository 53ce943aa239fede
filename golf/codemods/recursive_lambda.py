"""recursive-lambda (a trial technique): the depth-first walk visited-dict leaves becomes one lambda.

    def f(v):
        if v not in b:                   f=lambda v:v in b or b.update({v:[*map(f,v.c)]})
            for a in v.c: f(a)
            b[v] = 0

When the loop's target is not the plain name it calls f with (`for a,_ in v.c: f(a)`), the
list is `[f(a)for a,_ in v.c]` instead of the `map`. The loop's iterable IT is pasted as it is
when it is a name, an attribute, a call, a subscript, a display or comprehension, or already in
parentheses; any other shape gets parentheses, so a bare tuple stays one argument of `map`
(`for a in x,y:` gives `map(f,(x,y))`) and a conditional or lambda stays the comprehension's
iterable (`for a in (p if q else r)`).

Why the walk is the same: a dict display evaluates its key, then its value, then builds the
dict, so `{v:[...]}` calls f on every child, in order, before `update` inserts v: the loop,
then the assignment. When the recursion meets v again (a cycle), the original's `b[v]=0` and
the rewrite's `update` both leave a key already present in its place. `v in b` is the original
test negated, and `or` runs the rest only when it is false, as the `if` did.

Why it cannot be proven from the source: the dict now holds a list per key instead of VALUE,
f returns True or None instead of None, and each level of the recursion goes through `map`
(or a comprehension), so it uses more of Python's stack and reaches the recursion limit on a
shallower graph. The first two are refused below; how deep the program's graphs get is a fact
of its data, so this is a trial (`trial=True`): the shrink search keeps the result only when
the equivalence check finds the program identical.

It refuses (so the check only decides the depth): a function with decorators, annotations,
defaults, or other than one plain parameter; a body other than exactly `if P not in D:` (no
`else`) holding a `for T in IT: f(E)` loop (no `else`) and then `D[P] = VALUE`, with P the
parameter and VALUE a literal (evaluating anything else might do something); a loop target
that binds P, D or f, or an IT reading it; a walrus, `yield` or `await` in the function; an f
defined in a class body or bound more than once where it is defined, or used other than as
the call of an expression statement `f(x)` (whose result no one reads); a D not bound by
exactly one `D = {}` where f finds it, or read other than by `in` tests, iteration,
`reversed(D)`, `len(D)` and `D.keys()` (its values change); a `global` or `nonlocal` naming f
or D; and a program that reaches variables by name (`eval`, `globals`, ...) or binds `map`.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ClassScope, MetadataWrapper, ParentNodeProvider, ScopeProvider

from golf.codemods._statements import block_statements, edit_statements
from golf.codemods.names import NAMES_AS_STRINGS, all_names, bindings, local_binding_scope, target_names, variable_names
from golf.codemods.program import metadata
from golf.codemods.technique import Params, Refuse, Technique, offered_when_it_applies

#: Values `D[P] = VALUE` may store: literals, whose evaluation does nothing.
_LITERAL = (
    m.Integer()
    | m.Float()
    | m.Imaginary()
    | m.SimpleString()
    | m.Name(m.MatchIfTrue(lambda v: v in ("True", "False", "None")))
)


@dataclass(frozen=True)
class _Walk:
    """A walk `def f(P): if P not in D: for T in IT: f(E); D[P] = VALUE`."""

    function: cst.FunctionDef
    param: str
    seen: str  # D
    test: cst.Comparison
    loop: cst.For
    call: cst.Call  # f(E) in the loop
    store: cst.Assign


def _one_param(function: cst.FunctionDef) -> str | None:
    """The name of the function's one plain parameter (no default or annotation), or None."""
    params = function.params
    if params.posonly_params or params.kwonly_params or params.star_kwarg or len(params.params) != 1:
        return None
    if not isinstance(params.star_arg, cst.MaybeSentinel):
        return None
    param = params.params[0]
    return param.name.value if param.default is None and param.annotation is None else None


def _shape(function: cst.FunctionDef) -> _Walk | None:
    """The walk's parts when `function` has the shape of one; None otherwise."""
    if function.decorators or function.returns is not None or function.asynchronous is not None:
        return None
    param = _one_param(function)
    body = function.body
    if param is None or not isinstance(body, cst.IndentedBlock) or len(body.body) != 1:
        return None
    branch = body.body[0]
    if not isinstance(branch, cst.If) or branch.orelse is not None:
        return None
    test = branch.test
    if not m.matches(test, m.Comparison(m.Name(param), [m.ComparisonTarget(m.NotIn(), m.Name())])):
        return None
    seen = test.comparisons[0].comparator.value  # type: ignore[attr-defined]
    statements = block_statements(branch.body)
    if len(statements) != 2 or seen in (param, function.name.value):
        return None
    loop, store = statements
    if not isinstance(loop, cst.For) or loop.asynchronous is not None or loop.orelse is not None:
        return None
    calls = block_statements(loop.body)
    recursion = m.Call(m.Name(function.name.value), [m.Arg(keyword=None, star="")])
    if len(calls) != 1 or not m.matches(calls[0], m.Expr(recursion)):
        return None
    key = m.Subscript(m.Name(seen), [m.SubscriptElement(m.Index(m.Name(param)))])
    if not m.matches(store, m.Assign([m.AssignTarget(key)], _LITERAL)):
        return None
    return _Walk(function, param, seen, test, loop, calls[0].value, store)  # type: ignore[arg-type, attr-defined]


class _Judge:
    """Judges each walk of a module by its scopes, its parent links and its bindings."""

    def __init__(self, wrapper: MetadataWrapper) -> None:
        self.scopes, self.parents = wrapper.resolve(ScopeProvider), wrapper.resolve(ParentNodeProvider)
        self.bound = bindings(wrapper.module)
        # Names some `global` or `nonlocal` statement declares: a function could rebind them unseen.
        self.declared = {name for name, node in self.bound if isinstance(node, cst.Global | cst.Nonlocal)}

    def _statement_call(self, read: cst.CSTNode) -> bool:
        """True when the read of f is the function of a one-argument call that is an expression statement."""
        call = self.parents.get(read)
        return (
            m.matches(call, m.Call(args=[m.Arg(keyword=None, star="")]))
            and call.func is read  # type: ignore[union-attr]
            and isinstance(self.parents.get(call), cst.Expr)
        )

    def _reads_keys_only(self, read: cst.CSTNode, walk: _Walk) -> bool:
        """True when this read of D reads only its keys: `x in D`, iteration, `reversed(D)`, `len(D)`, `D.keys()`."""
        parent = self.parents.get(read)
        if parent is walk.store.targets[0].target:
            return True  # the walk's own `D[P] = VALUE`
        if isinstance(parent, cst.ComparisonTarget) and isinstance(parent.operator, cst.In | cst.NotIn):
            return parent.comparator is read
        if isinstance(parent, cst.For | cst.CompFor):
            return parent.iter is read
        if isinstance(parent, cst.Attribute) and parent.value is read and parent.attr.value == "keys":
            return m.matches(self.parents.get(parent), m.Call(args=[]))
        call = self.parents.get(parent) if isinstance(parent, cst.Arg) else None
        return m.matches(call, m.Call(m.Name("reversed") | m.Name("len"), [m.Arg(keyword=None, star="")]))

    def check(self, walk: _Walk) -> None:
        """Raise Refuse when this walk's rewrite could differ in anything but stack depth."""
        function, name, seen = walk.function, walk.function.name.value, walk.seen
        scope = self.scopes[function]
        if isinstance(scope, ClassScope):
            raise Refuse(f"{name} is defined in a class body")
        if {name, seen} & self.declared:
            raise Refuse(f"a global or nonlocal statement names {name} or {seen}")
        if m.findall(function, m.NamedExpr() | m.Yield() | m.Await()):
            raise Refuse(f"{name} holds a walrus, yield or await")
        targets = set(target_names(walk.loop.target))
        if targets & {walk.param, seen, name}:
            raise Refuse(f"the loop in {name} binds {', '.join(sorted(targets & {walk.param, seen, name}))}")
        if targets & {n.value for n in variable_names(walk.loop.iter)}:
            raise Refuse(f"the loop in {name} iterates over its own target")
        assignments = list(scope.assignments[name])
        if len(assignments) != 1:
            raise Refuse(f"{name} is bound {len(assignments)} times where it is defined")
        if not all(self._statement_call(access.node) for access in assignments[0].references):
            raise Refuse(f"{name} is used other than as an expression statement {name}(x): its result changes")
        owner = local_binding_scope(scope, seen) or scope.globals
        stores = list(owner.assignments[seen])
        store = self.parents.get(self.parents.get(stores[0].node)) if len(stores) == 1 else None
        if not m.matches(store, m.Assign([m.AssignTarget(m.Name(seen))], m.Dict([]))):
            raise Refuse(f"{seen} is not bound by exactly one `{seen} = {{}}` where {name} finds it")
        if not all(self._reads_keys_only(access.node, walk) for access in stores[0].references):
            raise Refuse(f"{seen} is read other than by its keys: its values change")


#: Iterables that stay one expression as an argument of `map` and after a comprehension's `in` without parentheses.
_ATOMS = (
    cst.Name,
    cst.Attribute,
    cst.Call,
    cst.Subscript,
    cst.List,
    cst.Set,
    cst.Dict,
    cst.ListComp,
    cst.SetComp,
    cst.DictComp,
    cst.SimpleString,
    cst.ConcatenatedString,
    cst.FormattedString,
)


def _iterable(node: cst.BaseExpression) -> str:
    """The source of the loop's iterable, in parentheses unless it is an atom or has them already."""
    code = cst.Module([]).code_for_node(node)
    return code if node.lpar or isinstance(node, _ATOMS) else f"({code})"


def _lambda(walk: _Walk) -> cst.SimpleStatementLine:
    """`f=lambda P:P in D or D.update({P:[*map(f,IT)]})` (or `[f(E)for T in IT]`) in place of the def."""
    name, param, seen = walk.function.name.value, walk.param, walk.seen
    code = cst.Module([]).code_for_node
    iterable = _iterable(walk.loop.iter)
    argument = walk.call.args[0].value
    if m.matches(walk.loop.target, m.Name()) and m.matches(argument, m.Name(walk.loop.target.value)):  # type: ignore[attr-defined]
        children = f"[*map({name},{iterable})]"
    else:
        children = f"[{name}({code(argument)})for {code(walk.loop.target)} in {iterable}]"
    line = cst.parse_statement(f"{name}=lambda {param}:{param} in {seen} or {seen}.update({{{param}:{children}}})\n")
    return line.with_changes(leading_lines=walk.function.leading_lines)  # type: ignore[return-value]


def _walks(module: cst.Module) -> list[_Walk]:
    return [w for f in m.findall(module, m.FunctionDef()) if (w := _shape(f)) is not None]  # type: ignore[arg-type]


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Turn every qualifying depth-first walk into a recursive lambda."""
    used = sorted(all_names(module) & NAMES_AS_STRINGS)
    if used:
        raise Refuse(f"the program uses {', '.join(used)}, which can reach variables by name")
    wrapper = metadata(module)
    judge = _Judge(wrapper)
    if any(name == "map" for name, _ in judge.bound):
        raise Refuse("the program binds map")
    walks = _walks(wrapper.module)
    if not walks:
        raise Refuse("no function is a depth-first walk `if P not in D: for T in IT: f(E)` then `D[P] = VALUE`")
    reasons = {}
    for walk in walks:
        try:
            judge.check(walk)
        except Refuse as exc:
            reasons[walk] = f"{walk.function.name.value}: {exc}"
    edits = {walk.function: _lambda(walk) for walk in walks if walk not in reasons}
    if not edits:
        raise Refuse(f"no walk qualifies ({'; '.join(reasons.values())})")
    return edit_statements(wrapper.module, edits)


TECHNIQUE = Technique(
    name="recursive-lambda",
    summary="a depth-first walk `if v not in D: for ..: f(..)` + `D[v]=0` becomes a lambda with D.update (trial)",
    transform=transform,
    candidates=offered_when_it_applies(transform),
    trial=True,
)

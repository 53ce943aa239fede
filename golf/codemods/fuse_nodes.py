"""fuse-nodes (a trial technique): fold shifts and negations into the scalar autograd nodes that use them.

The autograd class is found by its `__init__`, which stores its second, third and fourth
parameters (data, children, local gradients) on the instance; a node is built by a call
`C(DATA, (child, ...), (GRAD, ...))` with two tuple displays of equal length. Or (the form
child-pairs leaves) its `__init__(self, data, *pairs)` stores the data and the `*` parameter, and
a node is built by `C(DATA, (child, GRAD), ...)`, each pair a 2-tuple display; one pair is a
one-child node. Both forms are rewritten alike, the GRAD of a pair standing for the one in the
gradients tuple. Two rewrites:

1. Shift fusion (`kind=shift`): a one-child node whose child is the walrus `(c:=a-e)` (or `a+e`),
   read only as `c.d` in DATA and GRAD and never elsewhere in its scope, is built on `a` and does
   the subtraction on floats: `r(exp((c:=a-e).d),(c,),(exp(c.d),))` becomes
   `r(exp(c:=a.d-e),(a,),(exp(c),))` (and `r(exp((c:=a-e).d),(c,exp(c.d)))` becomes
   `r(exp(c:=a.d-e),(a,exp(c)))`), `c` now being a float. When `e` is a float, `a-e` is a node
   with data `a.d+(-e)` (equal to `a.d-e` in IEEE arithmetic) and local gradient 1 for `a`; it has
   no parent but this node, so `a` received `1*(GRAD*g)`, which is `GRAD*g`, and the order in
   which gradients reach `a` and the other nodes is unchanged (the fused node and the leaf for `e`
   sat in the graph's post-order just before their one parent).
2. Negation fold (`kind=negate`): `-C(DATA,(x,),(GRAD,))` becomes `C(-DATA,(x,),(-GRAD,))` (and
   `-C(DATA,(x,GRAD),...)` becomes `C(-DATA,(x,-GRAD),...)`; every GRAD is negated), with the
   minus pushed into the left factor of a product or quotient (`-1/c.d` for `1/c.d`, since
   `(-a)/b` and `-(a/b)` round alike) and `--x` written `x`. `-node` made `node*-1`, a node with
   data `DATA*-1` (exactly `-DATA`) passing `-1*g` (exactly `-g`) to the node, which passed
   `GRAD*(-g)`, exactly `(-GRAD)*g`. `C(...)*-1` (what `-C(...)` reads once `__neg__` is gone) is
   that same node times the same -1, and folds the same way. Alone this costs a byte, so in the same step the class's
   `__neg__` member goes: when `__neg__` is `lambda a:a*-1` (or `def` returning that), every other
   unary minus on something that is not a number literal, a `~...` or a node's DATA or GRAD
   becomes `X*-1` (what `-X` called for a node, and exactly `-X` for an int or float), and the
   member goes. `__neg__` stays when it is written otherwise and some such minus remains, when
   anything else names `__neg__`, `neg` or `getattr` (the class body reading it included), or
   when it is bound together with other names (`__neg__=x=...`, a tuple assignment).

Why trial (`trial=True`): exactness rests on what flows through the program, which the source
does not show: that `e` is a float and not a node (a node `e` would lose its gradient), that a
node's DATA and GRAD are floats, that the backward pass multiplies local gradients into the
parent's gradient, and on the sign of zero gradients (`0+(-0.0)` is `0.0`). The shrink search
keeps a result only when the equivalence check finds every loss, gradient and sample identical.

It refuses what is plainly unsafe: no single autograd class, or its name bound again at the top
level (a call of a name bound in a function, lambda or comprehension is not a node there); a shift
whose `c` is read other than as `c.d` or as the child, is read before the walrus or outside the
call, is bound at class level, or whose walrus runs conditionally (a lambda, a comprehension,
`and`/`or`, `a if b else c`) inside the call; `a` not a plain name, the same as `c`, or rebound
in the call; a program calling `eval`, `exec`, `locals`, `vars` or `globals`.
"""

from __future__ import annotations

from collections.abc import Mapping

import libcst as cst
import libcst.matchers as m

from golf.codemods._statements import block_statements, edit_statements, function_statements, member_names
from golf.codemods.layout import FittingTransformer
from golf.codemods.names import NAMES_AS_STRINGS, all_names, bindings
from golf.codemods.technique import Param, Params, Refuse, Technique
from golf.codemods.tree import COMPREHENSIONS, ancestors
from golf.codemods.value_engine import (
    NEG_REFERENCES,
    NUMBER_LITERALS,
    Engine,
    find_engine,
    negated,
    parenthesized,
    shifted,
)

_KINDS = ("all", "shift", "negate")
#: Where `X*-1` may stand without parentheses in place of `-X` (all bind looser than `*`).
_LOOSE_PARENTS = (
    cst.Arg,
    cst.Element,
    cst.Return,
    cst.Assign,
    cst.AugAssign,
    cst.Expr,
    cst.Comparison,
    cst.ComparisonTarget,
    cst.BooleanOperation,
    cst.IfExp,
    cst.Index,
    cst.FormattedStringExpression,
)


class _Fuse(cst.CSTTransformer):
    """In DATA and GRAD: `(c:=a-e).d` becomes `(c:=a.d-e)` and `c.d` becomes `c`."""

    def __init__(self, c: str, data: str) -> None:
        self.c = c
        self.data = data
        self.walrus: cst.NamedExpr | None = None

    def leave_Attribute(self, original_node: cst.Attribute, updated_node: cst.Attribute) -> cst.BaseExpression:
        if not m.matches(updated_node, m.Attribute(attr=m.Name(self.data))):
            return updated_node
        value = updated_node.value
        if m.matches(value, m.NamedExpr(target=m.Name(self.c))):
            shift = value.value  # type: ignore[attr-defined]
            left = cst.Attribute(shift.left, cst.Name(self.data))
            parens = {"lpar": updated_node.lpar, "rpar": updated_node.rpar} if updated_node.lpar else {}
            self.walrus = value.with_changes(value=shift.with_changes(left=left), **parens)  # type: ignore[assignment]
            return self.walrus  # type: ignore[return-value]
        if m.matches(value, m.Name(self.c)):
            return value.with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar)
        return updated_node

    def leave_Arg(self, original_node: cst.Arg, updated_node: cst.Arg) -> cst.Arg:
        # `f(c:=x)` needs no parentheses around a walrus that is a whole positional argument.
        if updated_node.value is self.walrus and updated_node.keyword is None and not updated_node.star:
            return updated_node.with_changes(value=updated_node.value.with_changes(lpar=[], rpar=[]))
        return updated_node


def _fused(call: cst.Call, c: str, a: str, engine: Engine) -> cst.Call:
    fuse = _Fuse(c, engine.data)
    call = call.with_changes(args=[call.args[0].visit(fuse), *call.args[1:]])
    return engine.rebuilt(call, lambda _: cst.Name(a), lambda grad: grad.visit(fuse))  # type: ignore[return-value]


# ---------------------------------------------------------------------------
# Negation fold
# ---------------------------------------------------------------------------
def _folded(call: cst.Call, engine: Engine) -> cst.Call:
    call = call.with_changes(args=[call.args[0].with_changes(value=negated(call.args[0].value)), *call.args[1:]])
    return engine.rebuilt(call, lambda kid: kid, negated)


class _Rewrite(FittingTransformer):
    """Fuse the shift sites and fold the negation sites (found on the original tree); a folded node
    right after a keyword gets a space (`return-V(...)` becomes `return V(...)`)."""

    def __init__(
        self,
        shifts: dict[cst.Call, tuple[str, str]],
        folds: set[cst.UnaryOperation | cst.BinaryOperation],
        engine: Engine,
    ) -> None:
        super().__init__()
        self.shifts = shifts
        self.folds = folds
        self.engine = engine

    def leave_BinaryOperation(
        self, original_node: cst.BinaryOperation, updated_node: cst.BinaryOperation
    ) -> cst.BaseExpression:
        if original_node not in self.folds:
            return updated_node
        call = _folded(updated_node.left, self.engine)  # type: ignore[arg-type]  # `C(...)*-1`
        return self.fitted(call.with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar))

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if original_node in self.shifts:
            return _fused(updated_node, *self.shifts[original_node], self.engine)
        return updated_node

    def leave_UnaryOperation(
        self, original_node: cst.UnaryOperation, updated_node: cst.UnaryOperation
    ) -> cst.BaseExpression:
        if original_node not in self.folds:
            return updated_node
        call = _folded(updated_node.expression, self.engine)  # type: ignore[arg-type]
        return self.fitted(call.with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar))


class _Multiply(FittingTransformer):
    """`-X` becomes `X*-1` at the given sites, in parentheses unless its context binds looser than `*`,
    and spaced from a keyword it follows (`return-x` becomes `return x*-1`)."""

    def __init__(self, sites: set[cst.UnaryOperation]) -> None:
        super().__init__()
        self.sites = sites
        self.stack: list[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        self.stack.append(node)
        return super().on_visit(node)

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> cst.CSTNode:
        self.stack.pop()
        return super().on_leave(original_node, updated_node)  # type: ignore[return-value]

    def leave_UnaryOperation(
        self, original_node: cst.UnaryOperation, updated_node: cst.UnaryOperation
    ) -> cst.BaseExpression:
        if original_node not in self.sites:
            return updated_node
        minus_one = cst.UnaryOperation(cst.Minus(), cst.Integer("1"))
        times = cst.Multiply(cst.SimpleWhitespace(""), cst.SimpleWhitespace(""))
        product = cst.BinaryOperation(parenthesized(updated_node.expression), times, minus_one)
        parent = self.stack[-1]
        loose = isinstance(parent, _LOOSE_PARENTS + (cst.Lambda,)) or (
            isinstance(parent, cst.BinaryOperation)
            and (
                isinstance(parent.operator, cst.Add | cst.Subtract)
                or (parent.left is original_node and not isinstance(parent.operator, cst.Power))
            )
        )
        if updated_node.lpar or not loose:
            return product.with_changes(
                lpar=updated_node.lpar or [cst.LeftParen()], rpar=updated_node.rpar or [cst.RightParen()]
            )
        return self.fitted(product)


def _neg_member(engine: Engine) -> tuple[cst.CSTNode, bool] | None:
    """The statement binding `__neg__` in the class, and whether it computes `self*-1`."""
    for statement in block_statements(engine.cls.body):
        if "__neg__" not in member_names(statement):
            continue
        body: cst.CSTNode | None = None
        params: list[cst.Param] = []
        if isinstance(statement, cst.Assign) and isinstance(statement.value, cst.Lambda):
            body, params = statement.value.body, list(statement.value.params.params)
        elif isinstance(statement, cst.FunctionDef):
            returns = function_statements(statement) or []
            if len(returns) == 1 and isinstance(returns[0], cst.Return):
                body, params = returns[0].value, list(statement.params.params)
        code = "".join(cst.Module([]).code_for_node(body).split()) if body is not None else ""
        return statement, len(params) == 1 and code == f"{params[0].name.value}*-1"
    return None


class _Walk(cst.CSTVisitor):
    """One walk over a tree: each node's parent, the calls of a name, the unary minuses and every name."""

    def __init__(self, callee: str) -> None:
        self.callee = callee
        self.parents: dict[cst.CSTNode, cst.CSTNode] = {}
        self.stack: list[cst.CSTNode] = []
        self.calls: list[cst.Call] = []
        self.minuses: list[cst.UnaryOperation] = []
        self.names: list[str] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if self.stack:
            self.parents[node] = self.stack[-1]
        self.stack.append(node)
        if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == self.callee:
            self.calls.append(node)
        elif isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
            self.minuses.append(node)
        elif isinstance(node, cst.Name):
            self.names.append(node.value)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        self.stack.pop()


def _walk(tree: cst.Module, engine: Engine) -> _Walk:
    walk = _Walk(engine.name)
    tree.visit(walk)
    return walk


def _drop_neg(tree: cst.Module) -> cst.Module | None:
    """`tree` without the autograd class's `__neg__` (the other minuses multiplied by -1), or None."""
    try:
        engine = find_engine(tree)
    except Refuse:
        return None
    member = _neg_member(engine)
    walk = _walk(tree, engine)
    if member is None or walk.names.count("__neg__") != 1 or (NEG_REFERENCES - {"__neg__"}) & set(walk.names):
        return None
    statement, multiplies = member
    if not isinstance(statement, cst.FunctionDef) and not m.matches(statement, m.Assign(targets=[m.AssignTarget()])):
        return None  # `__neg__=x=...` or an annotated `__neg__`: left alone
    inside = {id(n) for n in m.findall(statement, m.UnaryOperation())}
    floats = set()  # a node's whole DATA or GRAD: the negation of a number
    for call in walk.calls:
        if engine.builds(call):
            floats |= {id(call.args[0].value)} | {id(e.value) for e in engine.grads(call)}
    sites = {
        n
        for n in walk.minuses
        if id(n) not in inside | floats
        and not isinstance(n.expression, NUMBER_LITERALS)
        and not m.matches(n.expression, m.UnaryOperation(operator=m.BitInvert()))
    }
    if sites and not multiplies:
        return None
    if sites:
        tree = tree.visit(_Multiply(sites))
        statement = _neg_member(find_engine(tree))[0]  # type: ignore[index]
    return edit_statements(tree, {statement: None})


# ---------------------------------------------------------------------------
# The technique
# ---------------------------------------------------------------------------
#: Where a name bound in it is local: a name the class has there is not the class.
_SCOPES = (cst.FunctionDef, cst.Lambda, cst.ClassDef, *COMPREHENSIONS)


def _shadowing(tree: cst.Module, engine: Engine, parents: Mapping[cst.CSTNode, cst.CSTNode]) -> set[cst.CSTNode]:
    """The functions, lambdas, classes and comprehensions that bind the class's name themselves."""
    found: set[cst.CSTNode] = set()
    for name, node in bindings(tree):
        if name != engine.name or node is engine.cls:
            continue
        walrus = isinstance(node, cst.NamedExpr)  # binds in the scope around its comprehensions
        owner = next(
            (
                a
                for a in ancestors(parents, node)
                if isinstance(a, _SCOPES) and not (walrus and isinstance(a, COMPREHENSIONS))
            ),
            None,
        )
        if owner is None:
            raise Refuse(f"{engine.name} is bound again at the top level, so a call of it may not build a node")
        found.add(owner)
    return found


class _Plan:
    """What can change: the shift sites and the negation sites, found on `tree`."""

    def __init__(self, module: cst.Module) -> None:
        if all_names(module) & NAMES_AS_STRINGS:
            raise Refuse("the program uses eval, exec, locals, vars or globals, which can reach any variable")
        self.tree = module
        self.engine = engine = find_engine(module)
        walk = _walk(module, engine)
        shadowing = _shadowing(module, engine, walk.parents)

        def builds(node: cst.CSTNode) -> bool:
            # A node construction, and its callee is the class there, not a local of the same name.
            return engine.builds(node) and not shadowing.intersection(ancestors(walk.parents, node))

        self.shifts: dict[cst.Call, tuple[str, str]] = {}
        for call in walk.calls:
            if builds(call) and (site := shifted(call, engine, walk.parents, module)) is not None:
                self.shifts[call] = site
        self.folds: set[cst.UnaryOperation | cst.BinaryOperation] = {n for n in walk.minuses if builds(n.expression)}
        # `C(...)*-1`, as a former `-C(...)` reads once `__neg__` is gone: the same node, times the same -1.
        times_minus_one = m.BinaryOperation(
            operator=m.Multiply(), right=m.UnaryOperation(operator=m.Minus(), expression=m.Integer("1"))
        )
        self.folds |= {
            n
            for n in m.findall(module, times_minus_one)
            if isinstance(n, cst.BinaryOperation) and not n.left.lpar and builds(n.left)
        }

    def apply(self, kind: str) -> cst.Module:
        shifts = self.shifts if kind in ("all", "shift") else {}
        folds = self.folds if kind in ("all", "negate") else set()
        new = self.tree.visit(_Rewrite(shifts, folds, self.engine)) if shifts or folds else self.tree
        if kind in ("all", "negate"):
            new = _drop_neg(new) or new
        if new.deep_equals(self.tree):
            name = self.engine.name
            raise Refuse(f"no node of {name} to fuse with a shift or to negate, and {name}.__neg__ cannot go")
        return new


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Fuse shift nodes, fold negations into nodes and drop `__neg__`, as `kind` (all, shift, negate) says."""
    kind = params.get("kind", "all")
    if kind not in _KINDS:
        raise Refuse(f"kind must be one of {', '.join(_KINDS)}, not {kind!r}")
    return _Plan(module).apply(kind)


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    try:
        plan = _Plan(module)
    except Refuse:
        return []
    applies = []
    for kind in ("shift", "negate"):
        try:
            plan.apply(kind)
        except Refuse:
            continue
        applies.append({"kind": kind})
    return [{}, *applies] if len(applies) == 2 else [{}] if applies else []


TECHNIQUE = Technique(
    name="fuse-nodes",
    summary="build autograd nodes on the shifted value and fold negations into them, dropping __neg__ (trial)",
    transform=transform,
    params=(Param("kind", "which rewrites: all, shift (fuse `(c:=a-e)` into its node) or negate", "all"),),
    candidates=_candidates,
    trial=True,
)

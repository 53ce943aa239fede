"""extract-expression (a trial technique): an expression written several times in function bodies
becomes one module-level lambda the places call.

In the autograd class, `__add__` and `__mul__` both coerce their operand with `(a:=a if
r==type(a)else r(a))`; with `k=lambda a:a if r==type(a)else r(a)` after the class, both read
`(a:=k(a))`. The expression (the same syntax tree at every place, at least two places) may read
only parameters of the function or lambda it sits in (the same names at every place: they become
the helper's parameters, in order of first reading) and names that no function, lambda or
comprehension around it binds (module-level names and builtins, which the helper reads the same
way). It contains no walrus, lambda, comprehension, `yield` or `await`, and nothing that needs its
class around it (`super()`, `__class__`, a private `__x` name Python mangles). Every place is
inside a function or lambda body (not a default, decorator or annotation, which run with the
`def`), and the helper is bound right after the top-level statement holding the first place, so it
exists before any of those bodies can run. Only rewrites that save bytes are made, the most saving
expression first (one per step).

Why it cannot be proven exact: a call evaluates the same expression on the same values, but a
body that runs during the statement that defines it (a class body calling its own method, an
immediately called lambda) would now meet an unbound helper, and the extra call frame can matter
to deep recursion; the equivalence check decides.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from golf.codemods.layout import FittingTransformer, squeezed_length
from golf.codemods.names import NAMES_AS_STRINGS, all_names, bindings, short_names, variable_names
from golf.codemods.syntax import expression_tree
from golf.codemods.technique import Params, Refuse, Technique, offered_when_it_applies
from golf.codemods.tree import COMPREHENSIONS

_FUNCTIONS = (cst.FunctionDef, cst.Lambda)
#: Expressions worth a helper: operations and calls, not names, literals or plain attribute reads.
_KINDS = (cst.IfExp, cst.BinaryOperation, cst.BooleanOperation, cst.Comparison, cst.Call, cst.UnaryOperation)
_FORBIDDEN = m.NamedExpr() | m.Lambda() | m.ListComp() | m.SetComp() | m.DictComp() | m.GeneratorExp()
_FORBIDDEN |= m.Yield() | m.Await() | m.StarredElement()


def _parameters(function: cst.FunctionDef | cst.Lambda) -> list[str]:
    params = function.params
    stars = [p for p in (params.star_arg, params.star_kwarg) if isinstance(p, cst.Param)]
    return [p.name.value for p in (*params.posonly_params, *params.params, *params.kwonly_params, *stars)]


def _class_bound(expression: cst.BaseExpression) -> bool:
    """True when `expression` needs its class around it: `super()`, `__class__`, or a private `__x` name,
    which Python mangles with the class's name."""
    names = [n.value for n in m.findall(expression, m.Name())]  # type: ignore[attr-defined]
    private = [n for n in names if n.startswith("__") and not n.endswith("__")]
    return bool(private) or "super" in names or "__class__" in names


class _Places(cst.CSTVisitor):
    """Every candidate expression, with the functions around it and the top-level statement holding it."""

    def __init__(self, module: cst.Module) -> None:
        self.module = module
        self.stack: list[cst.CSTNode] = []
        self.top: cst.CSTNode | None = None
        self.found: dict[str, list[tuple[cst.BaseExpression, list[cst.CSTNode], cst.CSTNode]]] = {}
        #: Function bodies by their node: a function counts as around a place only inside its body
        #: (defaults, decorators and annotations run when the `def` runs).
        self.bodies: dict[int, cst.CSTNode] = {}
        self.pushed: list[cst.CSTNode] = []

    def on_visit(self, node: cst.CSTNode) -> bool:
        if any(node is s for s in self.module.body):
            self.top = node
        if id(node) in self.bodies:
            self.stack.append(self.bodies.pop(id(node)))
            self.pushed.append(node)
        if isinstance(node, _KINDS) and any(isinstance(s, _FUNCTIONS) for s in self.stack):
            self.found.setdefault(expression_tree(node), []).append((node, list(self.stack), self.top))  # type: ignore[arg-type]
        if isinstance(node, _FUNCTIONS):
            self.bodies[id(node.body)] = node
        elif isinstance(node, (*COMPREHENSIONS, cst.ClassDef)):
            self.stack.append(node)
            self.pushed.append(node)
        return True

    def on_leave(self, original_node: cst.CSTNode) -> None:
        if self.pushed and self.pushed[-1] is original_node:
            self.pushed.pop()
            self.stack.pop()


def _helper_parameters(expression: cst.BaseExpression, around: list[cst.CSTNode]) -> list[str] | None:
    """The names `expression` reads from its innermost function's parameters, or None when it reads a
    name something around it binds otherwise."""
    innermost = next(s for s in reversed(around) if isinstance(s, _FUNCTIONS))
    parameters = _parameters(innermost)  # type: ignore[arg-type]
    reads: list[str] = []
    for name in (n.value for n in variable_names(expression)):
        if name in parameters:
            reads += [name] if name not in reads else []
            continue
        for scope in around:
            bound = _parameters(scope) if isinstance(scope, _FUNCTIONS) else []  # type: ignore[arg-type]
            if not isinstance(scope, cst.ClassDef):
                bound += [n for n, _ in bindings(scope.body if not isinstance(scope, COMPREHENSIONS) else scope)]
            if name in bound:
                return None
    return reads


def _plan(module: cst.Module) -> tuple[dict[cst.CSTNode, cst.CSTNode], cst.CSTNode, cst.SimpleStatementLine] | None:
    """The places of the most saving expression, their calls, the statement to put the helper after, and it."""
    places = _Places(module)
    module.visit(places)
    taken = all_names(module)
    helper = next(n for n in short_names() if n not in taken)
    best: tuple[int, dict[cst.CSTNode, cst.CSTNode], cst.CSTNode, cst.SimpleStatementLine] | None = None
    for found in places.found.values():
        expression = found[0][0]
        if len(found) < 2 or m.findall(expression, _FORBIDDEN) or _class_bound(expression):
            continue
        signatures = [_helper_parameters(node, around) for node, around, _ in found]
        if any(s is None or s != signatures[0] for s in signatures):
            continue
        params = signatures[0] or []
        call = cst.parse_expression(f"{helper}({','.join(params)})")
        definition = cst.parse_statement(
            f"{helper}=lambda {','.join(params)}:{cst.Module([]).code_for_node(expression)}\n"
        )
        size = squeezed_length(expression)
        saving = len(found) * (size - len(cst.Module([]).code_for_node(call))) - squeezed_length(definition) - 1
        if saving > 0 and (best is None or saving > best[0]):
            calls = {node: call for node, _, _ in found}
            first_top = min((top for _, _, top in found), key=lambda t: module.body.index(t))  # type: ignore[arg-type]
            best = (saving, calls, first_top, definition)  # type: ignore[assignment]
    return None if best is None else best[1:]  # type: ignore[return-value]


class _Replace(FittingTransformer):
    """Each place becomes its call, spaced from a keyword it follows (`return-a*b` -> `return c(a,b)`)."""

    def __init__(self, calls: dict[cst.CSTNode, cst.CSTNode]) -> None:
        super().__init__()
        self.calls = calls

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> cst.CSTNode:
        call = self.calls.get(original_node)
        if call is None:
            return super().on_leave(original_node, updated_node)  # type: ignore[return-value]
        return self.fitted(call)


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Move the most saving repeated expression into a module-level lambda the places call."""
    used = all_names(module) & NAMES_AS_STRINGS
    if used:
        raise Refuse(f"the program uses {', '.join(sorted(used))}, which can reach variables by name")
    plan = _plan(module)
    if plan is None:
        raise Refuse("no expression repeated in function bodies would be shorter as a helper")
    calls, after, definition = plan
    replaced = module.visit(_Replace(calls))
    index = module.body.index(after)  # type: ignore[arg-type]
    body = [*replaced.body[: index + 1], definition, *replaced.body[index + 1 :]]
    return replaced.with_changes(body=body)


TECHNIQUE = Technique(
    name="extract-expression",
    summary="an expression repeated in function bodies becomes a module-level lambda they call (trial)",
    transform=transform,
    candidates=offered_when_it_applies(transform),
    trial=True,
)

"""inline-function NAME: replace every call of a top-level function by its body, and drop the `def`.

A function whose body is one `return expr` is substituted into the calling expression,
its parameters replaced by the arguments. An argument that is not a plain name or literal
may then be evaluated only where the body uses it, so it must be used exactly once, not
inside a loop, lambda or condition, in parameter order, and before anything else in the
body runs; otherwise (and for longer bodies) a call that is a whole statement
(`x = f(a)`, `f(a)`, `return f(a)`) is replaced by the body's statements: arguments are
bound first, in order, as Python binds them, the body's locals get names unused in the
program, and the final `return` becomes the assignment. The arithmetic is the function's
own, in the same order, so the result is exact.

It refuses, and changes nothing, when: the function is recursive, has more than one
`return` (or one that is not last), is a generator, has decorators, `*args`, `**kwargs`,
keyword-only parameters or defaults other than literals, or defines nested functions or
classes; when the program declares `global`/`nonlocal` anywhere; when the name is used
other than by being called, or a call passes `*`/`**` arguments or sits in a class body,
a one-line body or inside another call of it; when a name the body reads from outside
would mean something else at a call site (a local there shadows it), or an argument name
would be captured by the body's own comprehension or lambda variables.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ClassScope, ParentNodeProvider, ScopeProvider

from golf.codemods.call_substitution import (
    EFFECT,
    SubstituteParams,
    contains,
    duplicable,
    evaluation_order,
    parenthesized_argument,
)
from golf.codemods.names import all_names, fresh_name, local_binding_scope, variable_names
from golf.codemods.program import metadata
from golf.codemods.technique import Param, Params, Refuse, Technique


# ---------------------------------------------------------------------------
# The function
# ---------------------------------------------------------------------------
@dataclass(frozen=True)
class _Function:
    node: cst.FunctionDef
    params: tuple[str, ...]
    defaults: dict[str, cst.BaseExpression]
    statements: tuple[cst.BaseStatement, ...]
    #: The returned expression (None when the body ends without a return).
    result: cst.BaseExpression | None
    #: Names bound in the body's own scope (parameters included).
    locals: frozenset[str]
    #: Names the body reads from outside (globals, builtins).
    free: frozenset[str]
    #: Names bound by the body's comprehensions and lambdas.
    inner_bound: frozenset[str]

    @property
    def single_expression(self) -> bool:
        return not self.statements and self.result is not None


def _function(wrapper_module: cst.Module, scopes, name: str) -> _Function:
    defs = [s for s in wrapper_module.body if isinstance(s, cst.FunctionDef) and s.name.value == name]
    if len(defs) != 1:
        raise Refuse(f"no single top-level function named {name!r}")
    node = defs[0]
    global_scope = scopes[node]
    if len(list(global_scope.assignments[name])) != 1:
        raise Refuse(f"{name} is bound more than once at module level")
    if node.decorators:
        raise Refuse(f"{name} has decorators")
    if node.asynchronous is not None:
        raise Refuse(f"{name} is async")
    p = node.params
    if p.posonly_params or p.kwonly_params or p.star_kwarg or not isinstance(p.star_arg, cst.MaybeSentinel):
        raise Refuse(f"{name} takes *args, **kwargs, keyword-only or positional-only parameters")
    defaults = {}
    for param in p.params:
        if param.default is not None:
            if not duplicable(param.default) or isinstance(param.default, cst.Name):
                raise Refuse(
                    f"{name}: the default of {param.name.value} is not a literal (it is evaluated once, at def)"
                )
            defaults[param.name.value] = param.default
    if m.findall(node.body, m.FunctionDef() | m.ClassDef()):
        raise Refuse(f"{name} defines nested functions or classes")
    if m.findall(node.body, m.Global() | m.Nonlocal() | m.Yield() | m.Await()):
        raise Refuse(f"{name} declares global/nonlocal, yields or awaits")
    if not isinstance(node.body, cst.IndentedBlock):
        raise Refuse(f"{name} has a one-line body; inline it before joining statements")
    body = list(node.body.body)
    returns = m.findall(node.body, m.Return())
    result = None
    if returns:
        last = body[-1]
        if (
            len(returns) != 1
            or not isinstance(last, cst.SimpleStatementLine)
            or len(last.body) != 1
            or not isinstance(last.body[0], cst.Return)
        ):
            raise Refuse(f"{name} has more than one return, or a return that is not its last statement")
        result = last.body[0].value
        if result is None:
            raise Refuse(f"{name} has a bare return")
        body = body[:-1]
    function_scope = scopes[node.body.body[0]] if node.body.body else None
    local_names = frozenset(a.name for a in function_scope.assignments) if function_scope else frozenset()
    free: set[str] = set()
    inner_bound: set[str] = set()
    for sub_scope in {scopes[n] for n in variable_names(node.body) if n in scopes}:
        if sub_scope is not function_scope and sub_scope is not None:
            inner_bound |= {a.name for a in sub_scope.assignments}
    for read in variable_names(node.body):
        if read.value not in local_names and read.value not in inner_bound:
            free.add(read.value)
    if name in free:
        raise Refuse(f"{name} is recursive")
    shadowed = inner_bound & local_names
    if shadowed:
        raise Refuse(f"{name}: a comprehension or lambda variable shadows a local ({', '.join(sorted(shadowed))})")
    params = tuple(param.name.value for param in p.params)
    return _Function(node, params, defaults, tuple(body), result, local_names, frozenset(free), frozenset(inner_bound))


# ---------------------------------------------------------------------------
# Call sites
# ---------------------------------------------------------------------------
def _bind_args(function: _Function, call: cst.Call) -> dict[str, cst.BaseExpression]:
    bound: dict[str, cst.BaseExpression] = {}
    for index, arg in enumerate(call.args):
        if arg.star:
            raise Refuse(f"a call of {function.node.name.value} passes *args or **kwargs")
        if arg.keyword is None:
            if index >= len(function.params):
                raise Refuse(f"a call of {function.node.name.value} passes too many arguments")
            bound[function.params[index]] = arg.value
        else:
            if arg.keyword.value not in function.params or arg.keyword.value in bound:
                raise Refuse(f"a call of {function.node.name.value} passes an unknown or repeated keyword")
            bound[arg.keyword.value] = arg.value
    for param in function.params:
        if param not in bound:
            if param not in function.defaults:
                raise Refuse(f"a call of {function.node.name.value} misses the argument {param}")
            bound[param] = function.defaults[param]
    # Keyword arguments are evaluated in call order: keep it only if that is parameter order.
    order = [function.params.index(a.keyword.value) if a.keyword else i for i, a in enumerate(call.args)]
    if order != sorted(order) and not all(duplicable(a.value) for a in call.args):
        raise Refuse(f"a call of {function.node.name.value} passes keywords out of order")
    return bound


def _substitution(function: _Function, bound: dict[str, cst.BaseExpression]) -> str | None:
    """Why the single-expression body cannot take the arguments in place (None: it can)."""
    assert function.result is not None
    captured = {n.value for a in bound.values() for n in variable_names(a)} & function.inner_bound
    if captured:
        return f"argument name {sorted(captured)[0]} would be captured by the body"
    out: list = []
    deferred: list = []
    evaluation_order(function.result, out, deferred)
    for param, arg in bound.items():
        if duplicable(arg):
            continue
        uses = [n for n in out if n is not EFFECT and n.value == param]
        if len(uses) != 1 or any(n.value == param for n in deferred):
            return f"argument {param} has effects and would be evaluated a different number of times"
    effects_seen = False
    next_param = 0
    for item in out:
        if item is EFFECT:
            effects_seen = True
            continue
        if item.value in bound and not duplicable(bound[item.value]):
            index = function.params.index(item.value)
            if effects_seen or index < next_param:
                return f"argument {item.value} would be evaluated out of order"
            next_param = index + 1
    return None


def _statement_of(call: cst.Call, parents) -> tuple[cst.SimpleStatementLine, cst.BaseSmallStatement] | None:
    small = parents[call]
    if isinstance(small, cst.Assign) and small.value is call and len(small.targets) == 1:
        pass
    elif isinstance(small, cst.Expr | cst.Return) and small.value is call:
        pass
    else:
        return None
    line = parents[small]
    if not isinstance(line, cst.SimpleStatementLine) or len(line.body) != 1:
        return None
    return line, small


class _Apply(cst.CSTTransformer):
    def __init__(self, function: cst.FunctionDef, calls: dict, lines: dict) -> None:
        self.function, self.calls, self.lines = function, calls, lines

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        return self.calls.get(original_node, updated_node)

    def leave_SimpleStatementLine(self, original_node, updated_node):
        if original_node in self.lines:
            return cst.FlattenSentinel(self.lines[original_node])
        return updated_node

    def leave_FunctionDef(self, original_node, updated_node):
        if original_node is self.function:
            return cst.RemoveFromParent()
        return updated_node


def _statements_for(
    function: _Function, bound: dict, line: cst.SimpleStatementLine, small: cst.BaseSmallStatement, taken: set[str]
) -> list[cst.BaseStatement]:
    assigned_in_body = {n for n in function.locals if n not in function.params} | {
        p for p in function.params if _rebinds(function, p)
    }
    mapping: dict[str, cst.BaseExpression] = {}
    prologue: list[cst.BaseStatement] = []
    for param in function.params:
        arg = bound[param]
        if duplicable(arg) and param not in assigned_in_body:
            mapping[param] = arg
        else:
            temp = fresh_name(param, taken)
            taken.add(temp)
            mapping[param] = cst.Name(temp)
            prologue.append(cst.SimpleStatementLine([cst.Assign([cst.AssignTarget(cst.Name(temp))], arg)]))
    for local in sorted(function.locals - set(function.params)):
        new = fresh_name(local, taken)
        taken.add(new)
        mapping[local] = cst.Name(new)
    substitute = SubstituteParams(mapping)
    body = [s.visit(substitute) for s in function.statements]
    body = [s.with_changes(leading_lines=()) if hasattr(s, "leading_lines") else s for s in body]
    statements = prologue + body
    if function.result is not None:
        value = function.result.visit(substitute)
        # `x = f(a)`, `return f(a)` and `f(a)` all keep their statement, with the returned expression.
        final = small.with_changes(value=value)
        statements.append(line.with_changes(body=[final], leading_lines=()))
    elif isinstance(small, cst.Assign | cst.Return):
        raise Refuse(f"{function.node.name.value} returns nothing but a call uses its value")
    if statements:
        first = statements[0]
        statements[0] = first.with_changes(leading_lines=line.leading_lines)
    return statements


def _rebinds(function: _Function, param: str) -> bool:
    for statement in function.statements:
        for target in m.findall(statement, m.AssignTarget() | m.AugAssign() | m.For() | m.WithItem()):
            node = getattr(target, "target", None) or getattr(target, "asname", None)
            if node is not None and param in {n.value for n in variable_names(node)}:
                return True
    return False


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Inline the top-level function `name` at every call site, or refuse with the reason."""
    name = params["name"]
    if m.findall(module, m.Global() | m.Nonlocal()):
        # A plain-name argument is read where the body uses it, after the body's calls: a call
        # that rebinds that name through `global` would change what it reads.
        raise Refuse("the program declares global/nonlocal names, which a call could rebind under an argument")
    wrapper = metadata(module)
    scopes = wrapper.resolve(ScopeProvider)
    parents = wrapper.resolve(ParentNodeProvider)
    tree = wrapper.module
    function = _function(tree, scopes, name)
    global_scope = scopes[function.node]
    references = [access.node for assignment in global_scope.assignments[name] for access in assignment.references]
    if not references:
        raise Refuse(f"{name} is never called")
    taken = all_names(tree.with_changes(body=[s for s in tree.body if s is not function.node]))
    calls: dict[cst.Call, cst.BaseExpression] = {}
    lines: dict[cst.SimpleStatementLine, list[cst.BaseStatement]] = {}
    call_nodes = []
    for reference in references:
        call = parents.get(reference)
        if not isinstance(call, cst.Call) or call.func is not reference:
            raise Refuse(f"{name} is used other than by being called")
        call_nodes.append(call)
    for call in call_nodes:
        if any(other is not call and contains(other, call) for other in call_nodes):
            raise Refuse(f"a call of {name} is inside another call of it")
        scope = scopes[call]
        if isinstance(scope, ClassScope):
            raise Refuse(f"a call of {name} is in a class body")
        clash = sorted(n for n in function.free if local_binding_scope(scope, n) is not None)
        if clash:
            raise Refuse(f"{name} reads {clash[0]}, which is a local at a call site")
        bound = _bind_args(function, call)
        why = _substitution(function, bound) if function.single_expression else "the body has several statements"
        if why is None:
            calls[call] = parenthesized_argument(
                function.result.visit(SubstituteParams({p: parenthesized_argument(a) for p, a in bound.items()}))
            )
            continue
        site = _statement_of(call, parents)
        if site is None:
            raise Refuse(f"a call of {name} cannot be inlined: {why}, and it is not a whole statement")
        line, small = site
        if not isinstance(parents[line], cst.IndentedBlock | cst.Module):
            raise Refuse(f"a call of {name} sits on a one-line body")
        captured = {n.value for a in bound.values() for n in variable_names(a)} & function.inner_bound
        if captured:
            raise Refuse(f"argument name {sorted(captured)[0]} would be captured by the body of {name}")
        lines[line] = _statements_for(function, bound, line, small, taken)
    return tree.visit(_Apply(function.node, calls, lines))


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    """Functions whose inlining can shorten the program: called once, or a single `return expr`."""
    found = []
    for statement in module.body:
        if not isinstance(statement, cst.FunctionDef):
            continue
        name = statement.name.value
        calls = len(m.findall(module, m.Call(func=m.Name(name))))
        body = statement.body
        single = (
            isinstance(body, cst.IndentedBlock)
            and len(body.body) == 1
            and m.matches(body.body[0], m.SimpleStatementLine(body=[m.Return()]))
        )
        if calls == 1 or single:
            found.append({"name": name})
    return found


TECHNIQUE = Technique(
    name="inline-function",
    summary="inline a top-level function at its call sites and drop its def (refuses when not exact)",
    transform=transform,
    params=(Param("name", "the function to inline"),),
    candidates=_candidates,
)

"""inline-method (a trial technique): a one-expression method called once is inlined, `member=Class.name`.

The method is `def m(self): return EXPR` (a docstring allowed) or `m = lambda self: EXPR` in a
top-level class, and the program's only `.m` is one call `RECV.m()` with no arguments. The call
becomes EXPR with `self` replaced by RECV, and the member goes from the class. RECV is put in
directly when it is a plain variable (no `global`/`nonlocal` anywhere could rebind it between
reads) or when `self` occurs once; otherwise the first `self` in evaluation order becomes
`(n:=RECV)` and the later ones `n`, with `n` a short name nothing in the walrus's scope (the
call site's function, lambda or module; a comprehension's walrus binds there) uses:
`(a-f).e()` with `e=lambda a:r(exp(a.d),(a,),(exp(a.d),))` becomes
`r(exp((c:=a-f).d),(c,),(exp(c.d),))`.

Why it is a trial (`trial=True`): `RECV.m()` runs this class's method only when RECV is an
instance of it whose type finds `m` there: duck typing, a subclass overriding `m`, an instance
attribute named `m` or a metaclass could each make the call run other code, and only the
values flowing through the program tell. So the shrink search keeps the result only when the
equivalence check finds the program identical on its steps and data.

What is checked here, so that, when RECV is such an instance, the inlined expression computes
what the call did: RECV is still evaluated once, and first: before the first `self` in Python's
evaluation order only names, constants and attributes of imported modules (`math.log`) are
evaluated (no call, operator or other attribute load), and that `self` is also the first in the
source, so no other is evaluated before it; a name read
before it must not be rebindable by RECV (a walrus in RECV, or a call in it when the program
declares `global`/`nonlocal`). Every other name EXPR reads resolves to the same binding: the
class is at module level, so in the method those names are globals or builtins, and no function,
lambda or comprehension around the call site may bind one of them.

It refuses: a decorated, async, annotated or dunder (or `__private`) method, one with other than
exactly one plain parameter, a body other than one `return EXPR`; an EXPR with a walrus,
`yield`/`await`, `super`/`__class__`, a mangled `__name`, a lambda or comprehension that reads
`self`, or a `.m` on anything but an imported module (it could call itself); a method that does
not use `self`; a name bound more than once in the class, read by the class body, or bound by
another class; a program with other `.m` uses, or that
uses getattr/setattr/hasattr/delattr/`__dict__`/`__getattr__`/`__getattribute__`/attrgetter/
methodcaller or reads names as strings (eval, exec, globals, locals, vars); a call site in a class
body, or, when a walrus is needed, in a comprehension's iterable (where Python forbids one).
"""

from __future__ import annotations

import ast
import warnings
from collections import Counter
from collections.abc import Callable

import libcst as cst
import libcst.matchers as m
from libcst.metadata import (
    ClassScope,
    ComprehensionScope,
    FunctionScope,
    ParentNodeProvider,
    Scope,
    ScopeProvider,
)

from golf.codemods._evaluation import effect_kind, statement_events
from golf.codemods._statements import block_statements, edit_statements, function_statements, member_names
from golf.codemods.layout import fit
from golf.codemods.names import (
    NAMES_AS_STRINGS,
    all_names,
    bindings,
    local_binding_scope,
    short_names,
    star_imported,
    variable_names,
)
from golf.codemods.program import metadata
from golf.codemods.syntax import strict_parse
from golf.codemods.technique import Param, Params, Refuse, Technique, class_member

#: Names through which a program can reach a member without writing `.m`, or make `.m` run other code.
_INTROSPECTION = NAMES_AS_STRINGS | frozenset(
    {"getattr", "setattr", "hasattr", "delattr", "__dict__", "__getattr__", "__getattribute__"}
    | {"attrgetter", "methodcaller"}
)
_NESTED = m.Lambda() | m.ListComp() | m.SetComp() | m.DictComp() | m.GeneratorExp()


def _one_param(params: cst.Parameters) -> str | None:
    """The name of the only parameter, when it is plain (no default, annotation or star)."""
    if params.posonly_params or params.kwonly_params or params.star_kwarg:
        return None
    if not isinstance(params.star_arg, cst.MaybeSentinel) or len(params.params) != 1:
        return None
    only = params.params[0]
    return only.name.value if only.default is None and only.annotation is None else None


def _method(statement: cst.CSTNode) -> tuple[str, cst.BaseExpression] | None:
    """(self parameter, returned expression) of `def m(self): return EXPR` or `m = lambda self: EXPR`."""
    if isinstance(statement, cst.FunctionDef):
        if statement.decorators or statement.asynchronous or statement.returns:
            return None
        body = function_statements(statement)
        if body and m.matches(body[0], m.Expr(m.SimpleString() | m.ConcatenatedString())):
            body = body[1:]  # the docstring
        if body is None or len(body) != 1 or not isinstance(body[0], cst.Return) or body[0].value is None:
            return None
        params, expr = statement.params, body[0].value
    elif m.matches(statement, m.Assign(targets=[m.AssignTarget(m.Name())], value=m.Lambda())):
        params, expr = statement.value.params, statement.value.body  # type: ignore[attr-defined]
    else:
        return None
    name = _one_param(params)
    return (name, expr) if name is not None else None


def _dunder_or_private(name: str) -> bool:
    return name.startswith("__")


def _member(tree: cst.Module, class_name: str, name: str) -> tuple[cst.ClassDef, cst.CSTNode, str, cst.BaseExpression]:
    """The class, the member's statement, its self parameter and its expression; refuses the rest."""
    if _dunder_or_private(name):
        raise Refuse(f"{name} is a dunder or private (mangled) name")
    classes = [c for c in m.findall(tree, m.ClassDef(name=m.Name(class_name)))]
    if len(classes) != 1 or classes[0] not in tree.body:
        raise Refuse(f"no single top-level class named {class_name}")
    cls = classes[0]
    assert isinstance(cls, cst.ClassDef)
    statements = [s for s in block_statements(cls.body) if name in member_names(s)]
    if not statements:
        raise Refuse(f"{class_name} has no member {name}")
    if len(statements) > 1:
        raise Refuse(f"{class_name}.{name} is bound more than once")
    for other in m.findall(tree, m.ClassDef()):
        if other is not cls and any(name in member_names(s) for s in block_statements(other.body)):  # type: ignore[attr-defined]
            raise Refuse(f"another class also has a member {name}")
    statement = statements[0]
    form = _method(statement)
    if form is None:
        raise Refuse(
            f"{class_name}.{name} is not a plain one-parameter `def` returning one expression, or such a lambda"
        )
    self_name, expr = form
    return cls, statement, self_name, expr


def _check_expression(tree: cst.Module, expr: cst.BaseExpression, self_name: str, name: str) -> list[cst.Name]:
    """The `self` reads of EXPR, in source order; refuses an EXPR that cannot leave its method."""
    if m.findall(expr, m.NamedExpr() | m.Yield() | m.Await()):
        raise Refuse("the method's expression has a walrus, yield or await")
    uses = m.findall(expr, m.Attribute(attr=m.Name(name)))
    modules = _modules(tree) if uses else set()
    if any(not (isinstance(u.value, cst.Name) and u.value.value in modules) for u in uses):  # type: ignore[attr-defined]
        raise Refuse(f"the method may call itself: it uses .{name} on something other than a module")
    names = all_names(expr)
    if names & {"super", "__class__"}:
        raise Refuse("the method's expression uses super() or __class__")
    if any(n.startswith("__") and not n.endswith("__") for n in names):
        raise Refuse("the method's expression uses a private (mangled) name")
    for nested in m.findall(expr, _NESTED):
        if any(n.value == self_name for n in variable_names(nested)):
            raise Refuse(f"a lambda or comprehension in the method reads {self_name}")
    reads = [n for n in variable_names(expr) if n.value == self_name]
    if not reads:
        raise Refuse(f"the method does not use {self_name}, so the receiver would not be evaluated")
    return reads


def _free_names(expr: cst.BaseExpression, self_name: str, scopes) -> set[str]:
    """Names EXPR reads from outside the method (globals or builtins, for a top-level class)."""
    inner = {id(n) for n in m.findall(expr, _NESTED)}
    free = set()
    for read in variable_names(expr):
        scope = scopes.get(read)
        while scope is not None and id(getattr(scope, "node", None)) in inner:
            if read.value in scope.assignments:
                break
            scope = scope.parent
        else:
            if read.value != self_name:
                free.add(read.value)
    return free


def _outside(tree: cst.Module, statement: cst.CSTNode, matcher: m.BaseMatcherNode) -> list[cst.CSTNode]:
    """Nodes matching `matcher` outside the member's own statement (`math.log` in `def log` is not a use)."""
    inside = {id(n) for n in m.findall(statement, matcher)}
    return [n for n in m.findall(tree, matcher) if id(n) not in inside]


def _call_site(tree: cst.Module, statement: cst.CSTNode, name: str) -> cst.Call:
    """The only use of `.name` outside the member: a call with no arguments."""
    if all_names(tree) & _INTROSPECTION:
        raise Refuse("the program reaches attributes or names by strings (getattr, __dict__, eval, ...)")
    uses = _outside(tree, statement, m.Attribute(attr=m.Name(name)))
    if len(uses) != 1:
        raise Refuse(f".{name} is used {len(uses)} times outside the method, not once")
    calls = _outside(tree, statement, m.Call(func=m.Attribute(attr=m.Name(name)), args=[]))
    if len(calls) != 1:
        raise Refuse(f".{name} is used other than in a call `x.{name}()` with no arguments")
    return calls[0]  # type: ignore[return-value]


def _check_site(call: cst.Call, free: set[str], scopes) -> None:
    """Refuse when a name the method reads means something else at the call site."""
    site = scopes[call]
    if isinstance(site, ClassScope):
        raise Refuse("the call is in a class body, where names resolve differently")
    clash = sorted(n for n in free if local_binding_scope(site, n) is not None)
    if clash:
        raise Refuse(f"the method reads {clash[0]}, which is bound around the call site")


def _walrus_scope(call: cst.Call, scopes, parents) -> tuple[Scope, list[cst.CSTNode]]:
    """Where a walrus at the call binds (comprehensions skipped), and the comprehensions on the way."""
    child: cst.CSTNode = call
    while child in parents:
        parent = parents[child]
        if isinstance(parent, cst.CompFor) and parent.iter is child:
            raise Refuse("the call is in a comprehension's iterable, where a walrus is not allowed")
        child = parent
    scope = scopes[call]
    comprehensions = []
    while isinstance(scope, ComprehensionScope):
        comprehensions.append(scope.node)
        scope = scope.parent
    if isinstance(scope, ClassScope):
        raise Refuse("the receiver needs a walrus, and its scope is a class body")
    return scope, comprehensions


def _fresh(tree: cst.Module, scope: Scope, avoid: set[str], scopes) -> str:
    """A short name nothing in `scope` reads or binds, so a walrus there changes nothing else."""
    if isinstance(scope, FunctionScope):
        used = {n.value for n in variable_names(scope.node)}
    else:
        # A global is safe unless code reads or binds it as a global: a function's own local is not.
        used = set(star_imported(tree)) | {
            n.value
            for n in variable_names(tree)
            if not (isinstance(scopes.get(n), FunctionScope | ComprehensionScope) and n.value in scopes[n].assignments)
        }
    taken = used | avoid
    return next(name for name in short_names() if name not in taken)


class _Swap(cst.CSTTransformer):
    """Replace chosen nodes (found by identity in the original tree) by others."""

    def __init__(self, replacements: dict[cst.CSTNode, cst.CSTNode]) -> None:
        self.replacements = replacements

    def on_leave(self, original_node: cst.CSTNode, updated_node: cst.CSTNode) -> cst.CSTNode:  # type: ignore[override]
        return self.replacements.get(original_node, updated_node)


def _modules(tree: cst.Module) -> set[str]:
    """Names a top-level `import M` binds and nothing else binds: module objects, whose attributes
    (`math.log`) can be read without running the program's code."""
    counts = Counter(name for name, _ in bindings(tree))
    found = set()
    for line in tree.body:
        for small in line.body if isinstance(line, cst.SimpleStatementLine) else []:
            for alias in small.names if isinstance(small, cst.Import) else []:
                bound = alias.asname.name if alias.asname is not None else alias.name
                if isinstance(bound, cst.Name) and counts[bound.value] == 1:
                    found.add(bound.value)
    return found


def _receiver_first(
    tree: cst.Module, expr: cst.BaseExpression, reads: list[cst.Name], receiver: cst.BaseExpression, declares: bool
) -> None:
    """Refuse unless the first `self` is evaluated first, after nothing RECV could change."""
    events = statement_events(cst.Expr(expr)) or []
    first = next((i for i, (kind, node) in enumerate(events) if kind == "name" and any(node is r for r in reads)), None)
    if first is None or events[first][1] is not reads[0]:
        raise Refuse("the first use of self is not evaluated unconditionally before the others")
    before = events[:first]
    modules = _modules(tree) if any(kind != "name" for kind, _ in before) else set()
    for kind, node in before:
        module_attribute = (
            kind in ("load", "method") and m.matches(node, m.Attribute(value=m.Name())) and node.value.value in modules  # type: ignore[attr-defined]
        )
        if kind != "name" and not module_attribute:
            raise Refuse("the method computes something before it first uses self; the receiver would run later")
    if before and (m.findall(receiver, m.NamedExpr()) or (declares and effect_kind(receiver) == "calls")):
        raise Refuse("the receiver could rebind a name the method reads before it")


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Inline the method `params["member"]` ("Class.name") at its only call and drop it from the class."""
    class_name, name = class_member(params["member"])
    wrapper = metadata(module)
    tree = wrapper.module
    scopes = wrapper.resolve(ScopeProvider)
    parents = wrapper.resolve(ParentNodeProvider)
    cls, statement, self_name, expr = _member(tree, class_name, name)
    class_scope = scopes[statement]
    # Only the class body itself sees its members by name (LibCST also files some reads in its lambdas here).
    if any(scopes.get(r.node) is class_scope for a in class_scope.assignments[name] for r in a.references):
        raise Refuse(f"the body of {class_name} reads {name} while the class is built")
    call = _call_site(tree, statement, name)
    reads = _check_expression(tree, expr, self_name, name)
    _check_site(call, _free_names(expr, self_name, scopes), scopes)
    receiver = call.func.value  # type: ignore[attr-defined]
    declared = {n.value for d in m.findall(tree, m.Global() | m.Nonlocal()) for n in variable_names(d)}
    _receiver_first(tree, expr, reads, receiver, bool(declared))
    if len(reads) == 1 or (isinstance(receiver, cst.Name) and receiver.value not in declared):
        if isinstance(receiver, cst.Integer | cst.Float | cst.Imaginary) and not receiver.lpar:
            receiver = receiver.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])  # `(1).x`, not `1.x`
        inlined = _leanest(expr, lambda value: {read: value.deep_clone() for read in reads}, receiver)
    else:
        scope, comprehensions = _walrus_scope(call, scopes, parents)
        avoid = declared | {n.value for node in [expr, receiver, *comprehensions] for n in variable_names(node)}
        short = _fresh(tree, scope, avoid, scopes)

        def walrus(value: cst.BaseExpression) -> dict[cst.CSTNode, cst.CSTNode]:
            bound = cst.NamedExpr(
                cst.Name(short),
                value,
                lpar=[cst.LeftParen()],
                rpar=[cst.RightParen()],
                whitespace_before_walrus=cst.SimpleWhitespace(""),
                whitespace_after_walrus=cst.SimpleWhitespace(""),
            )
            return {read: cst.Name(short) for read in reads[1:]} | {reads[0]: bound}

        inlined = _leanest(expr, walrus, receiver)
    if call.lpar:  # `(x.m())`: its parentheses go around the expression
        inlined = inlined.with_changes(lpar=[*call.lpar, *inlined.lpar], rpar=[*inlined.rpar, *call.rpar])
    new = fit(tree, {call: inlined})  # in parentheses where the syntax tree needs them
    # The call was outside the member, so the class keeps its place and its statements their order.
    index = tree.body.index(cls)
    position = block_statements(cls.body).index(statement)
    new_cls = new.body[index]
    new = edit_statements(new, {block_statements(new_cls.body)[position]: None})  # type: ignore[attr-defined]
    _compiles(new.code)
    return new


def _leanest(
    expr: cst.BaseExpression,
    replacements: Callable[[cst.BaseExpression], dict[cst.CSTNode, cst.CSTNode]],
    receiver: cst.BaseExpression,
) -> cst.BaseExpression:
    """EXPR with the receiver put in by `replacements`, without the receiver's own parentheses when
    the syntax tree is the same without them (`V(a-b)` and `(n:=a-b)` rather than `V((a-b))`)."""
    kept = expr.visit(_Swap(replacements(receiver)))
    if not receiver.lpar:
        return kept
    lean = expr.visit(_Swap(replacements(receiver.with_changes(lpar=[], rpar=[]))))
    try:
        same = _tree_of(lean) == _tree_of(kept)
    except (SyntaxError, cst.CSTValidationError):
        return kept
    return lean if same else kept


def _tree_of(expr: cst.BaseExpression) -> str:
    return ast.dump(strict_parse("(" + cst.Module([]).code_for_node(expr) + ")"))


def _compiles(source: str) -> None:
    """Refuse a result Python's compiler rejects (some walrus places pass the parser but not it)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            compile(source, "<inline-method>", "exec")
        except SyntaxError as exc:
            raise Refuse(f"the result does not compile: {exc.msg}") from None


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    """Each one-expression method of a top-level class whose name is the attribute of a single `.m`."""
    if all_names(module) & _INTROSPECTION:
        return []
    counts = Counter(a.attr.value for a in m.findall(module, m.Attribute()))  # type: ignore[attr-defined]
    found = []
    for cls in module.body:
        if not isinstance(cls, cst.ClassDef):
            continue
        for statement in block_statements(cls.body):
            bound = member_names(statement)
            if len(bound) != 1 or _dunder_or_private(bound[0]) or not _method(statement):
                continue
            own = len(m.findall(statement, m.Attribute(attr=m.Name(bound[0]))))
            if counts[bound[0]] - own == 1:
                found.append({"member": f"{cls.name.value}.{bound[0]}"})
    return found


TECHNIQUE = Technique(
    name="inline-method",
    summary="inline a one-expression method at its only call and drop it (trial: kept only when the check agrees)",
    transform=transform,
    params=(Param("member", "the method to inline, as Class.name"),),
    candidates=_candidates,
    trial=True,
)

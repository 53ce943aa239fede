"""walrus-lambda: `def f(a, b): x = E; return R` becomes `f = lambda a, b: R'`.

In `R'` the read of `x` that runs first becomes `(x:=E)` and the later reads stay `x`:
`def __add__(b,a):a=a if isinstance(a,r)else r(a);return r(b.data+a.data,(b,a),(1,1))`
becomes `__add__=lambda b,a:r(b.data+(a:=a if isinstance(a,r)else r(a)).data,(b,a),(1,1))`.
Several assignments (`x=E1;y=E2;return R`) are folded from the last one up, so `E1` still
runs before `E2`. The lambda itself is made by lambda-defs, with its refusals (decorators,
annotations, generators, a program that reads `__name__` or `__qualname__`).

Why it stays exact: the walrus binds the same local and `E` still runs exactly once; only
its moment changes, to after whatever `R` evaluates before that read. So the read is found
by walking `R` in Python's evaluation order (a call's function before its arguments, the
left operand before the right, ...), and everything that runs before it must be a read
that `E` cannot change: a constant, a parameter or local, a global that no
`global`/`nonlocal` statement rebinds, or an attribute that nothing but module-level code
and `__init__` (on its new object) ever sets (with no `setattr`, `globals`, property or
`__getattr__` in the program). Any operation, call or truth test before the read makes
it refuse, and so does a first read that runs conditionally or repeatedly (in
a branch of `if`/`and`/`or`, a lambda or a comprehension: a walrus is not even allowed in
a comprehension's iterable). A name declared global or nonlocal in the function cannot be
a walrus target, and such a function has no single-assignment body anyway. In a class
body the lambda becomes a method the same way; only its `__name__` and `__qualname__`
change, which the checker does not compare (it compares computations and output).
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from golf.codemods._statements import function_statements
from golf.codemods.lambdas import ToLambda, all_params, why_not_lambda
from golf.codemods.names import all_names, variable_names
from golf.codemods.technique import Param, Params, Refuse, Technique
from golf.codemods.tree import COMPREHENSIONS

#: Names that let code rebind globals or attributes without a visible statement, or make
#: reading an attribute run code (a property or `__getattr__`).
_INTROSPECTION = frozenset(
    {"globals", "vars", "exec", "eval", "setattr", "delattr", "__dict__", "__setattr__"}
    | {"property", "cached_property", "__getattr__", "__getattribute__", "__get__"}
)
_CONSTANTS = (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString, cst.Ellipsis)
_WALRUS_TARGET = m.Assign(targets=[m.AssignTarget(m.Name())])


def _shape(node: cst.FunctionDef) -> tuple[list[cst.Assign], cst.Return] | None:
    """The assignments and the return of `def f(...): x = E; ...; return R`."""
    statements = function_statements(node)
    if statements is None or len(statements) < 2:
        return None
    *assigns, last = statements
    if not isinstance(last, cst.Return) or last.value is None:
        return None
    if not all(m.matches(a, _WALRUS_TARGET) for a in assigns):
        return None
    return assigns, last  # type: ignore[return-value]


def _stored_attributes(target: cst.BaseExpression) -> list[cst.Attribute]:
    """The attributes a binding target sets: `a.x` in `a.x = ...` or `a.x, b = ...`."""
    if isinstance(target, cst.Attribute):
        return [target]
    if isinstance(target, cst.Tuple | cst.List):
        return [a for element in target.elements for a in _stored_attributes(element.value)]
    if isinstance(target, cst.StarredElement):
        return _stored_attributes(target.value)
    return []


def _attributes_set_in_functions(module: cst.Module, trust_init: bool) -> set[str]:
    """Attributes that a function can set, except `self.x = ...` in `__init__` (a brand-new object).

    Module-level code never runs while a function's expression does, so its stores are safe.
    """
    found: set[str] = set()
    for function in m.findall(module, m.FunctionDef()):
        assert isinstance(function, cst.FunctionDef)
        params = function.params.params
        new_object = None  # `__init__`'s own object, when nothing nested in it could run later
        if trust_init and function.name.value == "__init__" and params:
            if not m.findall(function.body, m.FunctionDef() | m.Lambda()):
                new_object = params[0].name.value
        stores = m.findall(function.body, m.AssignTarget() | m.AugAssign() | m.AnnAssign() | m.For() | m.CompFor())
        targets = [node.target for node in stores]  # type: ignore[attr-defined]
        targets += [node.target for node in m.findall(function.body, m.Del())]  # type: ignore[attr-defined]
        targets += [node.name for node in m.findall(function.body, m.AsName())]  # type: ignore[attr-defined]
        for target in targets:
            for attribute in _stored_attributes(target):
                if new_object is None or not m.matches(attribute.value, m.Name(new_object)):
                    found.add(attribute.attr.value)
    return found


class _Facts:
    """What, in this module, an expression could change behind the back of a read that runs before it."""

    def __init__(self, module: cst.Module) -> None:
        self.introspective = bool(all_names(module) & _INTROSPECTION)
        declared = m.findall(module, m.Global() | m.Nonlocal())
        self.rebindable = {item.name.value for node in declared for item in node.names}  # type: ignore[attr-defined]
        # `obj.__init__(...)`, or a `__new__` returning an old object, runs __init__ on an existing object.
        explicit = "__new__" in all_names(module) or bool(m.findall(module, m.Attribute(attr=m.Name("__init__"))))
        self.attributes_set_in_functions = _attributes_set_in_functions(module, trust_init=not explicit)


class _FirstRead:
    """Find the read of `name` that runs first in an expression, if only unchangeable reads run before it."""

    def __init__(self, name: str, local_names: set[str], facts: _Facts) -> None:
        self.name = name
        self.local_names = local_names
        self.facts = facts

    def _before(self, what: str) -> Refuse:
        return Refuse(f"{what} runs before the first read of {self.name}")

    def _in_order(self, nodes: list[cst.BaseExpression]) -> cst.Name | None:
        for node in nodes:
            found = self.find(node)
            if found is not None:
                return found
        return None

    def find(self, node: cst.BaseExpression) -> cst.Name | None:
        """The first-evaluated read of the name in `node`; None when `node` has none and ran no effect."""
        if isinstance(node, cst.Name):
            if node.value == self.name:
                return node
            if node.value not in self.local_names and (self.facts.introspective or node.value in self.facts.rebindable):
                raise self._before(f"reading {node.value}, which the value could rebind,")
            return None
        if isinstance(node, _CONSTANTS) or m.matches(node, m.UnaryOperation(expression=m.Integer() | m.Float())):
            return None
        if isinstance(node, cst.Attribute):
            found = self.find(node.value)
            attribute = node.attr.value
            if found is None and (self.facts.introspective or attribute in self.facts.attributes_set_in_functions):
                raise self._before(f"reading .{attribute}, which a function sets,")
            return found
        if isinstance(node, cst.Tuple | cst.List | cst.Set):
            for element in node.elements:
                found = self.find(element.value)
                if found is not None:
                    return found
                if isinstance(element, cst.StarredElement):
                    raise self._before("unpacking")
            return None
        if isinstance(node, cst.Call):
            keywords = [arg.keyword is not None for arg in node.args]
            if any(arg.star == "*" and any(keywords[:i]) for i, arg in enumerate(node.args)):
                raise Refuse("a call has a *argument after a keyword argument (evaluated out of source order)")
            found = self.find(node.func)
            for arg in node.args:
                found = found or self.find(arg.value)
                if found is None and arg.star:
                    raise self._before("unpacking")
            if found is None:
                raise self._before("a call")
            return found
        if isinstance(node, cst.Subscript):
            parts = [node.value]
            for element in node.slice:
                piece = element.slice
                parts += [piece.value] if isinstance(piece, cst.Index) else [piece.lower, piece.upper, piece.step]
            return self._in_order([p for p in parts if p is not None]) or self._raise("indexing")
        if isinstance(node, cst.BinaryOperation):
            return self._in_order([node.left, node.right]) or self._raise("an operator")
        if isinstance(node, cst.UnaryOperation):
            return self.find(node.expression) or self._raise("an operator")
        if isinstance(node, cst.BooleanOperation):
            return self.find(node.left) or self._raise(
                f"the truth test of `{node.operator.__class__.__name__.lower()}`"
            )
        if isinstance(node, cst.Comparison):
            return self._in_order([node.left, node.comparisons[0].comparator]) or self._raise("a comparison")
        if isinstance(node, cst.IfExp):
            return self.find(node.test) or self._raise("the test of a conditional expression")
        if isinstance(node, cst.NamedExpr):
            found = self.find(node.value)  # the value runs first, then the binding (which changes no other read)
            if found is None and node.target.value == self.name:  # type: ignore[attr-defined]
                raise Refuse(f"{self.name} is rebound before it is read")
            return found
        if isinstance(node, cst.ConcatenatedString):
            return self._in_order([node.left, node.right])  # a part may be an f-string
        if isinstance(node, cst.FormattedString):
            for part in node.parts:
                if isinstance(part, cst.FormattedStringExpression):
                    return self.find(part.expression) or self._raise("formatting")
            return None
        reads = any(n.value == self.name for n in variable_names(node))
        if isinstance(node, cst.Lambda) and not reads and not m.findall(node.params, m.Param(default=~m.DoNotCare())):
            return None  # making a function runs none of its body
        if reads and isinstance(node, (cst.Lambda, *COMPREHENSIONS)):
            raise Refuse(f"the first read of {self.name} is inside a lambda or comprehension (may run more than once)")
        raise self._before(f"a {type(node).__name__}")

    def _raise(self, what: str) -> cst.Name:
        raise self._before(what)


def _walrus(name: str, value: cst.BaseExpression, bare: bool) -> cst.NamedExpr:
    """`(name:=value)`, or `name:=value` when `bare` (a positional argument needs no parentheses)."""
    if isinstance(value, cst.Tuple) and not value.lpar:
        value = value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])  # `(x:=a,b)` binds only a
    no_space = cst.SimpleWhitespace("")
    return cst.NamedExpr(
        cst.Name(name),
        value,
        lpar=[] if bare else [cst.LeftParen()],
        rpar=[] if bare else [cst.RightParen()],
        whitespace_before_walrus=no_space,
        whitespace_after_walrus=no_space,
    )


def _fold(node: cst.FunctionDef, facts: _Facts) -> cst.FunctionDef:
    """`node` with its assignments folded into its return as walruses (a single-return function)."""
    shape = _shape(node)
    if shape is None:
        raise Refuse("body is not assignments to single names followed by a return")
    assigns, ret = shape
    targets = [a.targets[0].target.value for a in assigns]  # type: ignore[attr-defined]
    local_names = {p.name.value for p in all_params(node.params)} | set(targets)
    result = ret.value
    assert result is not None
    for name, assign in reversed(list(zip(targets, assigns, strict=True))):  # the last first: earlier ones run first
        if m.findall(assign.value, m.NamedExpr() | m.Yield() | m.Await()):
            raise Refuse(f"the value of {name} has a walrus, yield or await")
        if m.findall(result, m.Yield() | m.Await()) or (assign is assigns[-1] and m.findall(result, m.NamedExpr())):
            raise Refuse("the return has a walrus, yield or await")
        found = _FirstRead(name, local_names, facts).find(result)
        if found is None:
            raise Refuse(f"{name} is never read in the return, but its value must still be computed")
        positional = m.findall(result, m.Arg(keyword=None, star=""))
        bare = any(arg.value is found for arg in positional)  # type: ignore[attr-defined]
        result = result.deep_replace(found, _walrus(name, assign.value, bare))  # type: ignore[assignment]
    return node.with_changes(body=_single_return(node.body, ret.with_changes(value=result)))


def _single_return(body: cst.BaseSuite, ret: cst.Return) -> cst.IndentedBlock:
    """A body holding only `ret`, with every comment of `body` kept (lambda-defs moves them above)."""
    ret = ret.with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
    if isinstance(body, cst.SimpleStatementSuite):
        return cst.IndentedBlock([cst.SimpleStatementLine([ret])], header=body.trailing_whitespace)
    lines = list(body.body)
    comments = [e for line in lines for e in line.leading_lines if e.comment is not None]
    trailing = [line.trailing_whitespace for line in lines]  # type: ignore[attr-defined]
    comments += [cst.EmptyLine(comment=t.comment) for t in trailing[:-1] if t.comment is not None]
    last = cst.SimpleStatementLine([ret], leading_lines=comments, trailing_whitespace=trailing[-1])
    return body.with_changes(body=[last])


class _WalrusLambda(cst.CSTTransformer):
    def __init__(self, only: str | None, facts: _Facts) -> None:
        self.only = only
        self.facts = facts
        self.converted: list[str] = []
        self.refusals: list[str] = []

    def leave_FunctionDef(self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef) -> cst.BaseStatement:
        name = updated_node.name.value
        if self.only is not None and name != self.only or _shape(updated_node) is None:
            return updated_node
        try:
            folded = _fold(updated_node, self.facts)
            reason = why_not_lambda(folded)
            if reason is not None:
                raise Refuse(reason)
        except Refuse as exc:
            self.refusals.append(f"{name}: {exc}")
            return updated_node
        self.converted.append(name)
        return folded.visit(ToLambda(None))  # type: ignore[return-value]


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Fold every eligible (or the named) `assignments; return` function into a lambda with walruses."""
    only = params.get("name") or None
    if {"__name__", "__qualname__"} & all_names(module):
        raise Refuse("the program reads __name__ or __qualname__, which a lambda changes")
    transformer = _WalrusLambda(only, _Facts(module))
    new = module.visit(transformer)
    if not transformer.converted:
        if transformer.refusals:
            raise Refuse(f"no function can fold into a lambda ({'; '.join(transformer.refusals)})")
        raise Refuse(
            f"no function named {only!r} with assignments then a return"
            if only
            else "no function has assignments then a return"
        )
    return new


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    shaped = [f for f in m.findall(module, m.FunctionDef()) if _shape(f) is not None]  # type: ignore[arg-type]
    return [{}] if shaped else []


TECHNIQUE = Technique(
    name="walrus-lambda",
    summary="fold `def f(a): x = E; return R` into `f = lambda a: R` with `(x:=E)` at the first read of x",
    transform=transform,
    params=(Param("name", "only this function (default: every one that qualifies)", ""),),
    candidates=_candidates,
)

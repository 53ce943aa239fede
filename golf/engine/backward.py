"""Finding the backward pass in golfed Python: which callables set a node's gradient to 1.

A backward pass seeds the root's gradient with 1 before walking the graph. Golfers write it as
a method (`def backward(self): ... self.grad = 1`), a free function (`def O(s): ...;s.g=1`), a
lambda (`O=lambda s:[setattr(s,'g',1),...]`) or a class attribute bound to a lambda or to such a
function (`B=lambda s:...`, `backward=O`). The attribute seeded with 1 is the gradient
attribute; whatever its class body says it defaults to (`g=0`) does not matter.
"""

from __future__ import annotations

from dataclasses import dataclass

import libcst as cst
import libcst.matchers as m

from golf.engine.nodes import NodeIndex

_ONE = m.Integer(value="1") | m.Float()


@dataclass(frozen=True)
class BackwardKind:
    """One callable that looks like a backward pass."""

    #: The name it is called by (method or function name).
    name: str
    #: True when called as a method (`loss.backward()`), False when called as `name(loss)`.
    method: bool
    #: The attribute the root's gradient is seeded in.
    grad_attr: str
    #: The node's value attribute when known statically (`__init__` stores its first argument).
    data_attr: str | None
    #: The definition node, so calls inside it (recursion) are not taken for the training call.
    definition: cst.CSTNode
    #: How it is written, for the notes: `method`, `function`, `lambda`, `class attribute`.
    form: str


def _is_one(node: cst.BaseExpression) -> bool:
    return m.matches(node, _ONE) and node.evaluated_value == 1


def _string(node: cst.BaseExpression) -> str | None:
    return node.evaluated_value if isinstance(node, cst.SimpleString) else None


class _SeedFinder(cst.CSTVisitor):
    """Attributes of `owner` seeded with 1: `o.g=1`, `setattr(o,'g',1)`, `o.__setattr__('g',1)`,
    `o.__dict__.update(g=1)`, `vars(o).update(g=1)`, `o.__dict__['g']=1`."""

    def __init__(self, owner: str):
        self.owner = owner
        self.attrs: list[str] = []

    def _is_owner(self, node: cst.BaseExpression) -> bool:
        return isinstance(node, cst.Name) and node.value == self.owner

    def _is_owner_dict(self, node: cst.BaseExpression) -> bool:
        if m.matches(node, m.Attribute(attr=m.Name("__dict__"))):
            return self._is_owner(node.value)
        if m.matches(node, m.Call(func=m.Name("vars"), args=[m.Arg()])):
            return self._is_owner(node.args[0].value)
        return False

    def _target(self, target: cst.BaseExpression, value: cst.BaseExpression) -> None:
        if not _is_one(value):
            return
        if isinstance(target, cst.Attribute) and self._is_owner(target.value):
            self.attrs.append(target.attr.value)
        elif isinstance(target, cst.Subscript) and self._is_owner_dict(target.value) and len(target.slice) == 1:
            index = target.slice[0].slice
            if isinstance(index, cst.Index) and (key := _string(index.value)) is not None:
                self.attrs.append(key)

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            self._target(target.target, node.value)

    def visit_Call(self, node: cst.Call) -> None:
        args = node.args
        func = node.func
        if isinstance(func, cst.Name) and func.value == "setattr" and len(args) == 3:
            if self._is_owner(args[0].value) and (key := _string(args[1].value)) and _is_one(args[2].value):
                self.attrs.append(key)
        elif m.matches(func, m.Attribute(attr=m.Name("__setattr__"))) and self._is_owner(func.value):
            if len(args) == 2 and (key := _string(args[0].value)) and _is_one(args[1].value):
                self.attrs.append(key)
        elif m.matches(func, m.Attribute(attr=m.Name("update"))) and self._is_owner_dict(func.value):
            for arg in args:
                if arg.keyword is not None and _is_one(arg.value):
                    self.attrs.append(arg.keyword.value)
                elif isinstance(arg.value, cst.Dict):
                    for el in arg.value.elements:
                        if isinstance(el, cst.DictElement) and (key := _string(el.key)) and _is_one(el.value):
                            self.attrs.append(key)


def seeded_attrs(body: cst.CSTNode, owner: str, index: NodeIndex) -> list[str]:
    """Attributes of the node `owner` that `body` sets to the constant 1 (the root gradient)."""
    finder = _SeedFinder(owner)
    for node in index.under((cst.Assign, cst.Call), body):  # type: ignore[arg-type]
        if isinstance(node, cst.Assign):
            finder.visit_Assign(node)
        else:
            finder.visit_Call(node)
    return finder.attrs


def _first_param(params: cst.Parameters) -> str | None:
    found = params.posonly_params or params.params
    return found[0].name.value if found else None


def _init_data_attr(cls: cst.ClassDef, index: NodeIndex) -> str | None:
    """The attribute `__init__` stores its first argument after self in (`self.data = data`)."""
    for stmt in cls.body.body:
        init = None
        if isinstance(stmt, cst.FunctionDef) and stmt.name.value == "__init__":
            init = stmt
        if init is None:
            continue
        names = [p.name.value for p in (*init.params.posonly_params, *init.params.params)]
        if len(names) < 2:
            return None
        for assign in index.under(cst.Assign, init):
            if not m.matches(assign.value, m.Name(names[1])):
                continue
            for target in assign.targets:
                if m.matches(target.target, m.Attribute(value=m.Name(names[0]))):
                    return target.target.attr.value
    return None


def _callable(node: cst.CSTNode) -> tuple[str | None, cst.CSTNode] | None:
    """(first parameter, body) of a def or a lambda."""
    if isinstance(node, cst.FunctionDef):
        return _first_param(node.params), node.body
    if isinstance(node, cst.Lambda):
        return _first_param(node.params), node.body
    return None


def _named_callables(body: list[cst.CSTNode]) -> list[tuple[str, cst.CSTNode, str]]:
    """(name, definition, form) for every def and `name = lambda` directly in `body`."""
    found = []
    for stmt in body:
        if isinstance(stmt, cst.FunctionDef):
            found.append((stmt.name.value, stmt, "function"))
        elif isinstance(stmt, cst.SimpleStatementLine | cst.SimpleStatementSuite):
            for small in stmt.body:
                if isinstance(small, cst.Assign) and isinstance(small.value, cst.Lambda):
                    for target in small.targets:
                        if isinstance(target.target, cst.Name):
                            found.append((target.target.value, small.value, "lambda"))
    return found


def _class_aliases(cls: cst.ClassDef) -> list[tuple[str, str]]:
    """(attribute, name) for `attr = name` in a class body (a method bound to a free function)."""
    pairs = []
    for stmt in cls.body.body:
        if isinstance(stmt, cst.SimpleStatementLine | cst.SimpleStatementSuite):
            for small in stmt.body:
                if isinstance(small, cst.Assign) and isinstance(small.value, cst.Name):
                    pairs += [
                        (t.target.value, small.value.value) for t in small.targets if isinstance(t.target, cst.Name)
                    ]
    return pairs


def _all_bodies(index: NodeIndex) -> list[list[cst.CSTNode]]:
    """The module's body and the body of every function in it (helpers are sometimes nested)."""
    bodies = [list(index.module.body)]
    for fn in index.all(cst.FunctionDef):
        if isinstance(fn.body, cst.IndentedBlock):
            bodies.append(list(fn.body.body))
    return bodies


def backward_kinds(index: NodeIndex, backward: str | None, grad_attr: str | None) -> list[BackwardKind]:
    """Every callable that looks like a backward pass; `backward`/`grad_attr` (the user's) always win."""
    classes = index.all(cst.ClassDef)
    data_attrs = {a for a in (_init_data_attr(c, index) for c in classes) if a}
    only_data = next(iter(data_attrs)) if len(data_attrs) == 1 else None
    kinds: list[BackwardKind] = []

    def consider(name: str, node: cst.CSTNode, method: bool, data: str | None, form: str) -> None:
        if backward is not None and name != backward:
            return
        shape = _callable(node)
        if shape is None:
            return
        owner, body = shape
        attrs = seeded_attrs(body, owner, index) if owner else []
        grad = grad_attr or (attrs[0] if attrs else None)
        if grad and (attrs or backward is not None):
            kinds.append(BackwardKind(name, method, grad, data, node, form))

    for body in _all_bodies(index):
        for name, definition, form in _named_callables(body):
            consider(name, definition, False, only_data, form)
    for cls in classes:
        data = _init_data_attr(cls, index) or only_data
        for name, definition, form in _named_callables(list(cls.body.body)):
            consider(name, definition, True, data, "method" if form == "function" else "class attribute")
        free_kinds = {k.name: k for k in kinds if not k.method}
        for attr, target in _class_aliases(cls):
            if target in free_kinds and (backward is None or attr == backward):
                k = free_kinds[target]
                kinds.append(BackwardKind(attr, True, k.grad_attr, data, k.definition, "class attribute"))
    return kinds

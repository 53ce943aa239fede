"""What append-comprehension may move, judged over the whole program: values past calls, and a
loop's variables into a comprehension's own scope.

`Movable` gathers the program's facts in one pass (scopes, parents, positions; which names,
attributes and items it stores; the reads of each variable by the scope it belongs to; each
statement list) and decides:

- An expression is *call-proof* (`call_proof`): no call evaluated before it can change what it
  gives, and it runs no program code. It is made of names, constants, int arithmetic (`+ - *`,
  unary `-`/`+`) of integer literals and of the loop variable of a `for` over the builtin
  `range` (`ints`), and indexes `N[i]` with such an int `i` of a *frozen* name `N` (`frozen`):
  every binding of `N`, anywhere in the program, is `N = ...` with a new list (a list display,
  a list comprehension, or `+` of those), every other use of the name is a load `N[...]` or
  `len(N)` (`len` and `range` never bound, `N` never star-imported), and no attribute `N` is
  ever stored. Such a list never escapes (no other variable, attribute, argument or container
  holds it), so nothing can mutate it; calls cannot rebind a variable of the scope they are
  called from; and indexing a list with an int and int arithmetic run no program code.
- A variable may move into a comprehension built from `loop` when no read of it outside the
  loop could see a value the loop left (`leak`): each such read comes after an assignment of
  the name that runs after the loop, or lies in the body of a `for` that binds the name, or
  comes before the loop with no loop around both; and none is in a nested function or class.

Both are sound only in a program without `try` (which could see the variables of a loop that
raised), `global`, `nonlocal` or builtins that reach variables by name (`eval`, `exec`,
`globals`, `locals`, `vars`, `dir`, `setattr`, `delattr`, `__dict__`), through which a call
could rebind a variable or a list escape: the caller refuses those programs.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.metadata import (
    ClassScope,
    ComprehensionScope,
    GlobalScope,
    ParentNodeProvider,
    PositionProvider,
    Scope,
    ScopeProvider,
)

from golf.codemods._statements import block_statements
from golf.codemods.names import bindings, target_name_nodes, target_names, variable_names
from golf.codemods.program import metadata
from golf.codemods.technique import Refuse

_INT_OPS = (cst.Add, cst.Subtract, cst.Multiply)
_CONSTANTS = (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString)
_BINDERS = (cst.AssignTarget, cst.For, cst.CompFor, cst.NamedExpr, cst.AugAssign, cst.AnnAssign, cst.Del)


def fresh_list(expr: cst.BaseExpression) -> bool:
    """True when evaluating `expr` gives a new list nobody else holds."""
    if isinstance(expr, cst.List | cst.ListComp):
        return True
    return (
        isinstance(expr, cst.BinaryOperation)
        and isinstance(expr.operator, cst.Add)
        and fresh_list(expr.left)
        and fresh_list(expr.right)
    )


def all_nodes(tree: cst.CSTNode) -> list[cst.CSTNode]:
    """Every node of `tree`."""
    found: list[cst.CSTNode] = []

    class _Collect(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            found.append(node)
            return True

    tree.visit(_Collect())
    return found


class Movable:
    """The facts about the whole module that moves are judged by, and the judgements (see the module docstring)."""

    def __init__(self, module: cst.Module) -> None:
        """Raises Refuse when a star import could bind any name, or a name's scope is unknown."""
        wrapper = metadata(module)
        self.module = wrapper.module
        data = wrapper.resolve_many((ScopeProvider, ParentNodeProvider, PositionProvider))
        self.scopes = data[ScopeProvider]
        self.parents = data[ParentNodeProvider]
        self.positions = data[PositionProvider]
        nodes = all_nodes(self.module)
        binds = bindings(self.module)
        self.bound = {name for name, _ in binds}
        self.star_bound = {name for name, node in binds if isinstance(node, cst.ImportFrom)}
        #: Name nodes that only bind, attribute names the program stores, subscripts it stores into.
        self.stores: set[int] = set()
        self.stored_attrs: set[str] = set()
        self.stored_items: set[int] = set()
        for node in nodes:
            if isinstance(node, cst.FunctionDef | cst.ClassDef | cst.Param):
                self.stores.add(id(node.name))
            if isinstance(node, cst.Import | cst.ImportFrom):  # module paths and bound names, not reads
                self.stores |= {id(n) for n in m.findall(node, m.Name())}
            if not isinstance(node, _BINDERS):
                continue
            target = node.target  # type: ignore[union-attr]
            # `x += 1` and `del x` read x; `x: int` alone binds nothing.
            if not isinstance(node, cst.AugAssign | cst.Del | cst.AnnAssign) or (
                isinstance(node, cst.AnnAssign) and node.value is not None
            ):
                self.stores |= {id(leaf) for leaf in target_name_nodes(target)}
            self.stored_attrs |= {a.attr.value for a in m.findall(target, m.Attribute())}
            self.stored_items |= {id(s) for s in m.findall(target, m.Subscript())}
        #: Every variable Name node of the program, in source order.
        self.names = variable_names(self.module)
        #: Reads of each variable, keyed by the scope the variable belongs to.
        self.reads: dict[tuple[int, str], list[cst.Name]] = {}
        for name in self.names:
            if id(name) not in self.stores:
                if name not in self.scopes:
                    raise Refuse(f"cannot tell which scope the {name.value} on line {self.line(name)} belongs to")
                key = (id(self._owner(self.scopes[name], name.value, True)), name.value)
                self.reads.setdefault(key, []).append(name)
        #: Each statement list, and each statement's list and position in it.
        self.lists: list[list[cst.CSTNode]] = []
        self.where: dict[int, tuple[list[cst.CSTNode], int]] = {}
        for block in [n for n in nodes if isinstance(n, cst.Module | cst.IndentedBlock | cst.SimpleStatementSuite)]:
            items = block_statements(block)
            self.lists.append(items)
            for index, item in enumerate(items):
                self.where[id(item)] = (items, index)

    def line(self, node: cst.CSTNode) -> int:
        """The line `node` starts on."""
        return self.positions[node].start.line

    def _owner(self, scope: Scope, name: str, first: bool) -> Scope:
        """The scope whose variable `name` is, read from `scope` (class bodies are skipped when nested)."""
        own = name in scope.assignments and (first or not isinstance(scope, ClassScope))
        if own or isinstance(scope, GlobalScope):
            return scope
        return self._owner(scope.parent, name, False)

    def home(self, node: cst.CSTNode) -> Scope:
        """The function, class or module scope `node` runs in (comprehensions run where they stand)."""
        scope = self.scopes[node]
        while isinstance(scope, ComprehensionScope):
            scope = scope.parent
        return scope

    def inside(self, node: cst.CSTNode, ancestor: cst.CSTNode) -> bool:
        """`node` is `ancestor` or lies within it."""
        while node is not None and node is not ancestor:
            node = self.parents.get(node)
        return node is ancestor

    def _loops_around(self, node: cst.CSTNode) -> list[cst.CSTNode]:
        """The `for`/`while` statements around `node` in its function (or module)."""
        found = []
        while not isinstance(node, cst.Module | cst.FunctionDef):
            node = self.parents[node]
            if isinstance(node, cst.For | cst.While):
                found.append(node)
        return found

    def in_list(self, node: cst.CSTNode, items: list[cst.CSTNode]) -> int | None:
        """Position in `items` of the statement holding `node`, if any."""
        while node is not None and not (id(node) in self.where and self.where[id(node)][0] is items):
            node = self.parents.get(node)
        return None if node is None else self.where[id(node)][1]

    def _shielded(self, read: cst.Name, loop: cst.For) -> bool:
        """True when, on every path from `loop` to `read`, the name is bound again in between."""
        node = read
        while not isinstance(node, cst.Module | cst.FunctionDef):
            parent = self.parents[node]
            if isinstance(parent, cst.For) and node is parent.body and read.value in target_names(parent.target):
                return True
            if id(node) in self.where:
                items, index = self.where[id(node)]
                kills = [
                    k
                    for k in range(index)
                    if isinstance(items[k], cst.Assign)
                    and any(read.value in target_names(t.target) for t in items[k].targets)
                ]
                if kills:
                    # Reached through this list, the read follows the last kill; the loop must not lie between.
                    return self.in_list(loop, items) not in range(kills[-1] + 1, index + 1)
            node = parent
        return False

    def leak(self, name: str, scope: Scope, loop: cst.For) -> str | None:
        """Why a read of `name` outside `loop` could see a value the loop leaves behind (None: none can)."""
        for read in self.reads.get((id(scope), name), []):
            if self.inside(read, loop):
                continue
            if self.home(read) is not scope:
                return f"{name} is read by a nested function or class"
            start, at = self.positions[read].start, self.positions[loop].start
            before = (start.line, start.column) < (at.line, at.column)
            if (
                self._shielded(read, loop)
                or before
                and not set(self._loops_around(read)) & set(self._loops_around(loop))
            ):
                continue
            return f"{name} is read after the loop (line {start.line}), where it would keep another value"
        return None

    def ints(self, loop: cst.For) -> set[str]:
        """Names known to hold ints in the loop body: the target of a loop over the builtin range."""
        over_range = m.matches(loop.iter, m.Call(func=m.Name("range"))) and "range" not in self.bound
        return {loop.target.value} if over_range and isinstance(loop.target, cst.Name) else set()

    def _int(self, expr: cst.BaseExpression, ints: set[str]) -> bool:
        if isinstance(expr, cst.Integer) or isinstance(expr, cst.Name) and expr.value in ints:
            return True
        if isinstance(expr, cst.UnaryOperation) and isinstance(expr.operator, cst.Minus | cst.Plus):
            return self._int(expr.expression, ints)
        if isinstance(expr, cst.BinaryOperation) and isinstance(expr.operator, _INT_OPS):
            return self._int(expr.left, ints) and self._int(expr.right, ints)
        return False

    def frozen(self, name: str) -> bool:
        """True when every list the name ever holds is new and never escapes a load `name[...]` or `len(name)`."""
        if name in self.stored_attrs or name in self.star_bound:
            return False
        for node in self.names:
            if node.value != name:
                continue
            parent = self.parents[node]
            if id(node) in self.stores:
                assign = self.parents.get(parent)
                ok = isinstance(parent, cst.AssignTarget) and isinstance(assign, cst.Assign)
                if not (ok and len(assign.targets) == 1 and fresh_list(assign.value)):
                    return False
            elif isinstance(parent, cst.Subscript) and parent.value is node:
                if id(parent) in self.stored_items:
                    return False
            else:
                call = self.parents.get(parent)
                is_len = m.matches(call, m.Call(func=m.Name("len"), args=[m.Arg(keyword=None, star="")]))
                if not (is_len and "len" not in self.bound):
                    return False
        return True

    def call_proof(self, expr: cst.BaseExpression, ints: set[str]) -> bool:
        """True when evaluating `expr` runs no program code and no call can change its value; `ints` are
        the names known to hold ints there (`ints(loop)` for the loop around it)."""
        if isinstance(expr, (cst.Name, *_CONSTANTS)) or self._int(expr, ints):
            return True
        if not isinstance(expr, cst.Subscript) or not isinstance(expr.value, cst.Name) or len(expr.slice) != 1:
            return False
        index = expr.slice[0].slice
        return (
            isinstance(index, cst.Index)
            and not index.star
            and self._int(index.value, ints)
            and self.frozen(expr.value.value)
        )

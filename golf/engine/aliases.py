"""What golfed Python calls its builtins and the random module: aliases resolved from the source.

Golfers rename what they use often (`Q=range`, `Q,T=range,sum`, `from builtins import range as R`,
`import random as r`, `C=r.choices`, `from random import*`). Detection asks "is this call a
`range`?" or "does this call draw from the random module?" through one `Aliases` value built
once per source, so `Q(1000)` and `range(1000)` are the same thing to it.
"""

from __future__ import annotations

import builtins
from collections.abc import Iterable
from dataclasses import dataclass, field

import libcst as cst
import libcst.matchers as m

from golf.engine.nodes import visit_flat

#: The random module's functions that draw the values a program samples.
DRAWS = frozenset({"choices", "choice", "sample", "randint", "randrange", "random", "shuffle", "gauss", "uniform"})

_BUILTIN_NAMES = frozenset(dir(builtins))


@dataclass(frozen=True)
class Aliases:
    """Names that stand for builtins, for the random module, and for its functions."""

    #: Local name -> builtin it is bound to (`Q` -> `range`); builtins not rebound map to themselves.
    builtins: dict[str, str] = field(default_factory=dict)
    #: Names bound to the `random` module (`random`, `r`).
    random_modules: frozenset[str] = frozenset()
    #: Names bound to a drawing function of `random` (`choices`, `C`) -> its name there.
    random_functions: dict[str, str] = field(default_factory=dict)
    #: Names bound to the `builtins` module (`import builtins as B`: `B.range`).
    builtin_modules: frozenset[str] = frozenset()
    #: Names the program binds itself (a `def range` hides the builtin).
    shadowed: frozenset[str] = frozenset()

    def builtin_of(self, func: cst.BaseExpression) -> str | None:
        """The builtin `func` refers to (`range` for `Q` after `Q=range`), or None."""
        if isinstance(func, cst.Name):
            if func.value in self.builtins:
                return self.builtins[func.value]
            if func.value in _BUILTIN_NAMES and func.value not in self.shadowed:
                return func.value
            return None
        if m.matches(func, m.Attribute(value=m.Name(), attr=m.Name())) and func.value.value in self.builtin_modules:
            return func.attr.value
        return None

    def draw_of(self, func: cst.BaseExpression) -> str | None:
        """The random function `func` calls (`choices` for `r.choices` or `C` after `C=r.choices`), or None."""
        if isinstance(func, cst.Name):
            return self.random_functions.get(func.value)
        if m.matches(func, m.Attribute(value=m.Name(), attr=m.Name())) and func.value.value in self.random_modules:
            return func.attr.value if func.attr.value in DRAWS else None
        return None


def dotted_name(node: cst.BaseExpression) -> str:
    """`a.b.c` for a name or a chain of attributes, "" for anything else."""
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        return f"{dotted_name(node.value)}.{node.attr.value}"
    return ""


def _pairs(target: cst.BaseExpression, value: cst.BaseExpression) -> list[tuple[str, cst.BaseExpression]]:
    """(name, value) for `a=v` and element-wise for `a,b=v,w`."""
    if isinstance(target, cst.Name):
        return [(target.value, value)]
    if isinstance(target, cst.Tuple | cst.List) and isinstance(value, cst.Tuple | cst.List):
        if len(target.elements) == len(value.elements):
            return [
                pair
                for t, v in zip(target.elements, value.elements, strict=True)
                if not isinstance(t, cst.StarredElement) and not isinstance(v, cst.StarredElement)
                for pair in _pairs(t.value, v.value)
            ]
    return []


class _Collector(cst.CSTVisitor):
    def __init__(self) -> None:
        self.builtins: dict[str, str] = {}
        self.random_modules: set[str] = set()
        self.random_functions: dict[str, str] = {}
        self.builtin_modules: set[str] = set()
        self.bound: set[str] = set()

    def visit_Import(self, node: cst.Import) -> None:
        for alias in node.names:
            name = dotted_name(alias.name)
            local = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else name
            if name == "random":
                self.random_modules.add(local)
            elif name == "builtins":
                self.builtin_modules.add(local)

    def visit_ImportFrom(self, node: cst.ImportFrom) -> None:
        module = dotted_name(node.module) if node.module else ""
        if module not in ("random", "builtins"):
            return
        if isinstance(node.names, cst.ImportStar):
            if module == "random":
                self.random_functions.update({d: d for d in DRAWS})
            return
        for alias in node.names:
            name = dotted_name(alias.name)
            local = alias.asname.name.value if alias.asname and isinstance(alias.asname.name, cst.Name) else name
            if module == "random" and name in DRAWS:
                self.random_functions[local] = name
            elif module == "builtins":
                self.builtins[local] = name

    def visit_Assign(self, node: cst.Assign) -> None:
        for target in node.targets:
            for name, value in _pairs(target.target, node.value):
                self._bind(name, value)

    def visit_NamedExpr(self, node: cst.NamedExpr) -> None:
        if isinstance(node.target, cst.Name):
            self._bind(node.target.value, node.value)

    def _bind(self, name: str, value: cst.BaseExpression) -> None:
        if isinstance(value, cst.Name) and value.value in _BUILTIN_NAMES:
            self.builtins[name] = self.builtins.get(value.value, value.value)
        elif isinstance(value, cst.Name) and value.value in self.random_functions:
            self.random_functions[name] = self.random_functions[value.value]
        elif m.matches(value, m.Attribute(value=m.Name(), attr=m.Name())):
            owner, attr = value.value.value, value.attr.value
            if owner in self.random_modules and attr in DRAWS:
                self.random_functions[name] = attr
            elif owner in self.builtin_modules:
                self.builtins[name] = attr
        else:
            self.bound.add(name)

    def visit_FunctionDef(self, node: cst.FunctionDef) -> None:
        self.bound.add(node.name.value)

    def visit_ClassDef(self, node: cst.ClassDef) -> None:
        self.bound.add(node.name.value)


#: The node classes _Collector has a visit method for: the only nodes a flat read of the tree needs to show it.
_COLLECTED = tuple(getattr(cst, name.removeprefix("visit_")) for name in vars(_Collector) if name.startswith("visit_"))


def find_aliases(module: cst.Module, nodes: Iterable[cst.CSTNode] | None = None) -> Aliases:
    """Every alias of a builtin or of the random module bound anywhere in `module`.

    Golfs bind them once, at the top; a name bound both to a builtin and to something else is
    not trusted as the builtin. `nodes`, when given, are the module's nodes in the order a visit
    meets them (golf.engine.nodes.NodeIndex keeps them): read (`visit_flat`) instead of walking again.
    """
    collector = _Collector()
    if nodes is None:
        module.visit(collector)
    else:
        visit_flat(collector, (node for node in nodes if isinstance(node, _COLLECTED)))
    shadowed = frozenset(collector.bound & _BUILTIN_NAMES)
    builtins_map = {k: v for k, v in collector.builtins.items() if k not in collector.bound or k == v}
    return Aliases(
        builtins=builtins_map,
        random_modules=frozenset(collector.random_modules),
        random_functions={k: v for k, v in collector.random_functions.items() if k not in collector.bound},
        builtin_modules=frozenset(collector.builtin_modules),
        shadowed=shadowed,
    )


def counted_bound(iterable: cst.BaseExpression, aliases: Aliases) -> cst.BaseExpression | None:
    """The count of a counted iterable: N for `range(N)`, `Q(N)` (Q=range) or `[0]*N`; else None.

    This is the one matcher of "a loop run N times" that detection and the codemods' step-bound
    rule share.
    """
    if isinstance(iterable, cst.Call) and aliases.builtin_of(iterable.func) == "range":
        args = iterable.args
        if len(args) == 1 and args[0].keyword is None and not args[0].star:
            return args[0].value
        return None
    if isinstance(iterable, cst.BinaryOperation) and isinstance(iterable.operator, cst.Multiply):
        left, right = iterable.left, iterable.right
        if isinstance(left, cst.List | cst.Tuple) and len(left.elements) == 1:
            return right
        if isinstance(right, cst.List | cst.Tuple) and len(right.elements) == 1:
            return left
    return None

"""child-pairs (a trial technique): an autograd node keeps (child, local gradient) pairs as varargs.

A scalar autograd class keeps two parallel tuples, zipped in the backward pass:

    def __init__(a,b,e=(),f=()):a.d=b;a.c=e;a.l=f      def __init__(a,b,*e):a.d=b;a.c=e
    r(x,(b,a),(1,1))                                   r(x,(b,1),(a,1))
    r(a.d**b,(a,),(b*a.d**(b-1),))                     r(a.d**b,(a,b*a.d**(b-1)))
    for g,h in zip(v.c,v.l):g.g+=h*v.g                 for g,h in v.c:g.g+=h*v.g
    for a in v.c:f(a)                                  for a,_ in v.c:f(a)

The children attribute now holds 2-tuples `(child, local_grad)`, which is what `zip` yielded,
so the zip loop walks the same pairs; a loop over the children alone unpacks each pair into
its own target and a throwaway name (`_`, or a short name, not used anywhere in the loop's
function, comprehension or module, so binding it changes nothing). Which attributes these
are is read from the program: the two attributes `zip(X.A, X.B)` pairs, which one class's
`__init__` sets from its last two parameters.

Why it cannot be proven from the source: a construction evaluated every child, then every
local gradient; the rewrite evaluates them interleaved (child 1, gradient 1, child 2, ...).
That computes the same values only when evaluating them has no side effects that the others
see, which depends on what the operators and calls in them do at run time. So this is a
trial (`trial=True`): the shrink search keeps the result only when the equivalence check
finds the program identical.

It refuses what plainly differs, so the check decides only the order question: a
construction (a call of the class) passing children and gradients other than as two tuple
displays of equal length without starred elements or walrus (a variable, `*xs`, keywords),
or passing children without gradients (or, when the two parameters have no defaults, passing
neither: that call raised TypeError, and varargs would accept it); an attribute read anywhere
but as `zip(X.A, X.B)` iterated by a `for` (A alone, as the iterable of a `for` with one name
as target); an `__init__` that uses the two parameters other than storing them, whose
parameters are not plain (`*args`, keyword-only, positional-only) or whose two defaults are
not both `()` (or both absent); a class name used other than called, as `isinstance`'s second
argument or compared as `C==type(X)` or `type(X)==C` (aliased, subclassed), or bound more than
once; and a program that rebinds `zip`. A `__slots__` display loses the gradients attribute's
name. Comments inside the two tuple displays of a construction are lost, as the pairs are built anew.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst
import libcst.matchers as m
from libcst.metadata import MetadataWrapper, ParentNodeProvider, ScopeProvider

from golf.codemods._statements import block_statements, edit_statements
from golf.codemods.layout import FittingTransformer
from golf.codemods.names import all_names, bindings, short_names, variable_names
from golf.codemods.program import metadata
from golf.codemods.technique import Params, Refuse, Technique
from golf.codemods.tree import COMPREHENSIONS, ancestors

#: `zip(X.A, Y.B)` with two plain arguments; the bases are compared separately.
_ZIP = m.Call(
    func=m.Name("zip"),
    args=[
        m.Arg(value=m.Attribute(value=m.Name(), attr=m.Name()), keyword=None, star=""),
        m.Arg(value=m.Attribute(value=m.Name(), attr=m.Name()), keyword=None, star=""),
    ],
)
#: `type(X)`, which a comparison `C==type(X)` may test the class against.
_TYPE_OF = m.Call(func=m.Name("type"), args=[m.Arg(keyword=None, star="")])


@dataclass
class _Node:
    """The autograd class: its `__init__` and the two attributes and parameters for children and gradients."""

    cls: cst.ClassDef
    init: cst.FunctionDef
    children: str  # attribute names
    grads: str
    stores: dict[str, cst.Assign]  # attribute -> `self.attribute = parameter` in __init__


@dataclass
class _Plan:
    node: _Node
    constructions: set[cst.Call] = field(default_factory=set)  # calls that pass children and gradients
    zips: set[cst.Call] = field(default_factory=set)  # `zip(X.children, X.grads)`, to become `X.children`
    loops: dict[cst.For | cst.CompFor, str] = field(default_factory=dict)  # loop over children -> throwaway
    slots: dict[cst.Tuple | cst.List, cst.Element] = field(default_factory=dict)  # display -> element to drop


def _stores(init: cst.FunctionDef) -> dict[str, tuple[str, cst.Assign]]:
    """`attribute -> (parameter, assignment)` for each `self.attribute = parameter` in `init`."""
    params = init.params.params
    if not params:
        return {}
    this = params[0].name.value
    names = {p.name.value for p in params[1:]}
    found: dict[str, tuple[str, cst.Assign]] = {}
    for statement in block_statements(init.body):
        if not m.matches(statement, m.Assign(targets=[m.AssignTarget(m.Attribute(value=m.Name(this)))])):
            continue
        value = statement.value  # type: ignore[union-attr]
        if isinstance(value, cst.Name) and value.value in names:
            found[statement.targets[0].target.attr.value] = (value.value, statement)  # type: ignore[union-attr]
    return found


def _find_node(tree: cst.Module, pairs: set[tuple[str, str]]) -> _Node:
    """The one class whose `__init__` stores its last two parameters in the attributes a zip pairs."""
    found: list[_Node] = []
    for cls in m.findall(tree, m.ClassDef()):
        inits = [s for s in block_statements(cls.body) if m.matches(s, m.FunctionDef(name=m.Name("__init__")))]  # type: ignore[attr-defined]
        if len(inits) != 1:
            continue
        init: cst.FunctionDef = inits[0]  # type: ignore[assignment]
        stores = _stores(init)
        params = [p.name.value for p in init.params.params]
        for children, grads in pairs:
            if children in stores and grads in stores and params[-2:] == [stores[children][0], stores[grads][0]]:
                found.append(_Node(cls, init, children, grads, {a: stores[a][1] for a in (children, grads)}))  # type: ignore[arg-type]
    if not found:
        raise Refuse("no class's __init__ stores its last two parameters in attributes that a zip pairs")
    if len(found) > 1:
        raise Refuse("more than one class keeps two zipped tuples")
    return found[0]


def _check_init(node: _Node) -> None:
    params = node.init.params
    if (
        params.posonly_params
        or params.kwonly_params
        or params.star_kwarg
        or params.star_arg != cst.MaybeSentinel.DEFAULT
    ):
        raise Refuse("__init__ takes *args, keyword-only or positional-only parameters")
    last = params.params[-2:]
    defaults = [p.default for p in last]
    if defaults != [None, None] and not all(m.matches(d, m.Tuple(elements=[])) for d in defaults):
        raise Refuse("the children and gradients parameters' defaults are not both ()")
    for param in last:
        uses = [n for n in variable_names(node.init.body) if n.value == param.name.value]
        if len(uses) != 1:
            raise Refuse(f"__init__ uses {param.name.value} other than storing it")


def _constructions(plan: _Plan, wrapper: MetadataWrapper, parents: dict) -> None:
    """Every call of the class; refuses any other use of its name."""
    cls = plan.node.cls
    scope = wrapper.resolve(ScopeProvider)[cls]
    assert scope is not None
    assignments = scope.assignments[cls.name.value]
    if len(assignments) != 1:
        raise Refuse(f"{cls.name.value} is bound more than once")
    before = len(plan.node.init.params.params) - 3  # positional arguments before the children
    optional = plan.node.init.params.params[-1].default is not None  # both default to (), or neither does
    for access in next(iter(assignments)).references:
        name = access.node
        parent = parents.get(name)
        if isinstance(parent, cst.Call) and parent.func is name:
            _construction(plan, parent, before, optional)
        elif isinstance(parent, cst.Arg) and isinstance(parents.get(parent), cst.ClassDef):
            raise Refuse(f"{cls.name.value} is subclassed")
        elif not (
            (
                isinstance(parent, cst.Arg)
                and m.matches(parents.get(parent), m.Call(func=m.Name("isinstance"), args=[m.Arg(), m.Arg()]))
                and parents[parent].args[1] is parent
            )
            or _type_compared(name, parents)
        ):
            raise Refuse(f"{cls.name.value} is used other than called, in isinstance or compared with type(X)")


def _type_compared(name: cst.CSTNode, parents: dict) -> bool:
    """True when `name` is a side of `name==type(X)` or `type(X)==name`: the class is only tested."""
    parent = parents.get(name)
    comparison = parents.get(parent) if isinstance(parent, cst.ComparisonTarget) else parent
    if not isinstance(comparison, cst.Comparison) or len(comparison.comparisons) != 1:
        return False
    target = comparison.comparisons[0]
    sides = (comparison.left, target.comparator)
    return isinstance(target.operator, cst.Equal) and name in sides and any(m.matches(s, _TYPE_OF) for s in sides)


def _construction(plan: _Plan, call: cst.Call, before: int, optional: bool) -> None:
    if any(a.keyword is not None or a.star for a in call.args):
        raise Refuse("a construction passes keyword or starred arguments")
    if optional and len(call.args) <= before:
        return  # no children: the default () of the varargs
    if len(call.args) < before + 2 and not optional:
        raise Refuse("a construction passes too few arguments: it raised TypeError, and varargs would accept it")
    if len(call.args) != before + 2:
        raise Refuse("a construction passes children without gradients")
    children, grads = call.args[before].value, call.args[before + 1].value
    if not isinstance(children, cst.Tuple) or not isinstance(grads, cst.Tuple):
        raise Refuse("a construction passes children or gradients not as a tuple display")
    if len(children.elements) != len(grads.elements):
        raise Refuse("a construction passes children and gradients of unequal lengths")
    if any(isinstance(e, cst.StarredElement) for e in (*children.elements, *grads.elements)):
        raise Refuse("a construction passes a starred child or gradient")
    if m.findall(children, m.NamedExpr()) or m.findall(grads, m.NamedExpr()):
        raise Refuse("a construction binds a walrus in its children or gradients")
    plan.constructions.add(call)


def _reads(plan: _Plan, tree: cst.Module, parents: dict) -> None:
    """Every use of the two attributes is a store in __init__, a zip of both, or a loop over the children."""
    node = plan.node
    stored = {s.targets[0].target for s in node.stores.values()}
    for attribute in m.findall(tree, m.Attribute(attr=m.Name(node.children) | m.Name(node.grads))):
        if attribute in stored:
            continue
        parent = parents[attribute]
        if isinstance(parent, cst.Arg) and parents[parent] in plan.zips:
            continue
        if (
            attribute.attr.value == node.children
            and isinstance(parent, cst.For | cst.CompFor)
            and parent.iter is attribute
        ):
            if not isinstance(parent.target, cst.Name):
                raise Refuse(f"a loop over .{node.children} unpacks its target")
            plan.loops[parent] = _throwaway(parent, parents, tree)
            continue
        raise Refuse(f".{attribute.attr.value} is read other than zipped or looped over")  # type: ignore[attr-defined]


def _zips(plan: _Plan, tree: cst.Module, parents: dict) -> None:
    node = plan.node
    for call in m.findall(tree, _ZIP):
        first, second = (a.value for a in call.args)  # type: ignore[attr-defined]
        if (first.attr.value, second.attr.value) != (node.children, node.grads):
            continue
        if first.value.value != second.value.value:
            raise Refuse(f"a zip pairs .{node.children} and .{node.grads} of different objects")
        parent = parents[call]
        if not (isinstance(parent, cst.For | cst.CompFor) and parent.iter is call):
            raise Refuse("a zip of the children and gradients is not the iterable of a for")
        plan.zips.add(call)  # type: ignore[arg-type]


def _throwaway(loop: cst.For | cst.CompFor, parents: dict, tree: cst.Module) -> str:
    """A name no code in the loop's scope mentions: binding it there changes nothing."""
    kinds = COMPREHENSIONS if isinstance(loop, cst.CompFor) else (cst.FunctionDef,)
    scope = next((a for a in ancestors(parents, loop) if isinstance(a, kinds)), tree)
    taken = all_names(scope)
    return next(n for n in ("_", *short_names()) if n not in taken)


def _slots(plan: _Plan) -> None:
    """A `__slots__` tuple or list display naming the gradients attribute drops that name."""
    for statement in block_statements(plan.node.cls.body):
        if not m.matches(statement, m.Assign(targets=[m.AssignTarget(m.Name("__slots__"))])):
            continue
        display = statement.value  # type: ignore[attr-defined]
        if isinstance(display, cst.Tuple | cst.List):
            for element in display.elements:
                if isinstance(element.value, cst.SimpleString) and element.value.evaluated_value == plan.node.grads:
                    plan.slots[display] = element


def _plan(module: cst.Module) -> tuple[cst.Module, _Plan]:
    wrapper = metadata(module)
    tree = wrapper.module
    parents = dict(wrapper.resolve(ParentNodeProvider))
    pairs = set()
    for call in m.findall(tree, _ZIP):
        first, second = (a.value for a in call.args)  # type: ignore[attr-defined]
        pairs.add((first.attr.value, second.attr.value))
    if not pairs:
        raise Refuse("no loop over zip(X.children, X.grads)")
    plan = _Plan(_find_node(tree, pairs))
    if any(name == "zip" for name, _ in bindings(tree)):
        raise Refuse("the program rebinds zip")
    _check_init(plan.node)
    _constructions(plan, wrapper, parents)
    _zips(plan, tree, parents)
    _reads(plan, tree, parents)
    _slots(plan)
    return tree, plan


class _Rewrite(FittingTransformer):
    """The rewrite; replaced targets and zips are fitted, so `for(k)in` becomes `for(k),_ in`."""

    def __init__(self, plan: _Plan) -> None:
        super().__init__()
        self.plan = plan
        self.store: cst.Assign | None = None  # the store of the gradients, as rewritten (unchanged)

    def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign) -> cst.Assign:
        if original_node is self.plan.node.stores[self.plan.node.grads]:
            self.store = updated_node
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if original_node in self.plan.zips:
            return self.fitted(updated_node.args[0].value)
        if original_node not in self.plan.constructions:
            return updated_node
        args = list(updated_node.args)
        children, grads = args[-2].value, args[-1].value
        sep = args[0].comma
        pairs = [
            cst.Arg(cst.Tuple([cst.Element(c.value, comma=sep), cst.Element(g.value)]), comma=sep)
            for c, g in zip(children.elements, grads.elements, strict=True)  # type: ignore[attr-defined]
        ]
        kept = [*args[:-2], *pairs]
        if kept:  # `V((),())` with no data parameter keeps no argument
            kept[-1] = kept[-1].with_changes(comma=args[-1].comma)  # no comma was needed after the last
        return updated_node.with_changes(args=kept)

    def leave_Parameters(self, original_node: cst.Parameters, updated_node: cst.Parameters) -> cst.Parameters:
        if original_node is not self.plan.node.init.params:
            return updated_node
        children, grads = updated_node.params[-2:]
        star = children.with_changes(star="*", default=None, equal=cst.MaybeSentinel.DEFAULT, comma=grads.comma)
        return updated_node.with_changes(params=updated_node.params[:-2], star_arg=star)

    def _loop(self, original_node: cst.For | cst.CompFor, updated_node: cst.For | cst.CompFor) -> cst.For | cst.CompFor:
        throwaway = self.plan.loops.get(original_node)
        if throwaway is None:
            return updated_node
        pair = cst.Tuple(
            [cst.Element(updated_node.target, comma=cst.Comma()), cst.Element(cst.Name(throwaway))], lpar=[], rpar=[]
        )
        return updated_node.with_changes(target=self.fitted(pair))

    def leave_For(self, original_node: cst.For, updated_node: cst.For) -> cst.For:
        return self._loop(original_node, updated_node)  # type: ignore[return-value]

    def leave_CompFor(self, original_node: cst.CompFor, updated_node: cst.CompFor) -> cst.CompFor:
        return self._loop(original_node, updated_node)  # type: ignore[return-value]

    def _display(self, original_node: cst.Tuple | cst.List, updated_node: cst.Tuple | cst.List) -> cst.BaseExpression:
        dropped = self.plan.slots.get(original_node)
        if dropped is None:
            return updated_node
        index = original_node.elements.index(dropped)
        kept = [e for i, e in enumerate(updated_node.elements) if i != index]
        if kept and index == len(kept):  # dropped the last: its comma (or none) ends the display now
            last = dropped.comma
            if isinstance(updated_node, cst.Tuple) and len(kept) == 1 and not isinstance(last, cst.Comma):
                last = cst.Comma()  # a one-element tuple needs its comma
            kept[-1] = kept[-1].with_changes(comma=last)
        return updated_node.with_changes(elements=kept)

    def leave_Tuple(self, original_node: cst.Tuple, updated_node: cst.Tuple) -> cst.BaseExpression:
        return self._display(original_node, updated_node)

    def leave_List(self, original_node: cst.List, updated_node: cst.List) -> cst.BaseExpression:
        return self._display(original_node, updated_node)


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Keep (child, local gradient) pairs as the autograd class's varargs."""
    tree, plan = _plan(module)
    rewrite = _Rewrite(plan)
    rewritten = tree.visit(rewrite)
    assert rewrite.store is not None
    return edit_statements(rewritten, {rewrite.store: None})  # the store of the gradients goes


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    try:
        _plan(module)
    except Refuse:
        return []
    return [{}]


TECHNIQUE = Technique(
    name="child-pairs",
    summary="an autograd node keeps (child, local gradient) pairs as varargs instead of two zipped tuples (trial)",
    transform=transform,
    candidates=_candidates,
    trial=True,
)

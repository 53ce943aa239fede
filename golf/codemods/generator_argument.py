"""generator-argument (a trial technique): `sum([E for x in X])` becomes `sum(E for x in X)`.

A call whose only argument is a list comprehension loses the brackets, for the builtins `sum`,
`max`, `min`, `any`, `all`, `sorted`, `tuple`, `set` and `list`, and for `join` on a string
literal (`''.join([...])`). The call gets the same values in the same order, from a comprehension
with the same scope, and its result is the same; what changes is when they are computed.

Why it is a trial: with the list, every element is computed before the call starts; with the
generator, the call's own work runs between the elements. `join`, `sorted`, `tuple` and `list`
first collect the items without running program code, but `sum` adds (`__add__`/`__radd__`)
as the elements come, `max`/`min` compare, `set` hashes, and `any`/`all` test truth and stop at the
first deciding element, so the later elements are never computed at all. When computing an
element observes or changes what those operations do (a shared counter, a cache, objects
numbered as they are made, a side effect of an element `any` now skips), or raises
`StopIteration` (a generator turns it into a RuntimeError), the program differs. That depends on
the types and code involved, which the source does not show, so the equivalence check decides.

It leaves alone a call of a builtin's name when the program binds that name anywhere; when the
program could rebind names unseen (a star import of a module whose names are unknown, `builtins`,
`eval`, `globals`, ...) it leaves alone every call of a builtin's name, and rewrites only the
string literals' `join` calls, which do not depend on a name. It also leaves alone a call with
other arguments or keywords (`max([...], key=f)`: a generator there needs its own parentheses)
and a comprehension with `async for` or `await` (it would make an async generator).
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from golf.codemods.names import surely_builtins
from golf.codemods.technique import Params, Refuse, Technique, offered_when_it_applies

_BUILTINS = ("sum", "max", "min", "any", "all", "sorted", "tuple", "set", "list")
_STRINGS = (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)
_ONE_LIST_COMPREHENSION = m.Call(args=[m.Arg(value=m.ListComp(), keyword=None, star="")])


def _callee(node: cst.CSTNode) -> str | None:
    """The builtin's name (`join` for a string literal's join) when `node` is a call of one of them
    whose only argument is a synchronous list comprehension."""
    if not m.matches(node, _ONE_LIST_COMPREHENSION):
        return None
    assert isinstance(node, cst.Call)
    comprehension = node.args[0].value
    if m.findall(comprehension, m.CompFor(asynchronous=m.Asynchronous()) | m.Await()):
        return None
    func = node.func
    if isinstance(func, cst.Name) and func.value in _BUILTINS:
        return func.value
    if m.matches(func, m.Attribute(attr=m.Name("join"))) and isinstance(func.value, _STRINGS):  # type: ignore[attr-defined]
        return "join"
    return None


class _Unbracket(cst.CSTTransformer):
    def __init__(self, names: frozenset[str]) -> None:
        self.names = names | {"join"}  # a string literal's join is always str.join (or bytes.join)
        self.changed = 0

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if _callee(updated_node) not in self.names:
            return updated_node
        comprehension = updated_node.args[0].value
        assert isinstance(comprehension, cst.ListComp)
        generator = cst.GeneratorExp(
            comprehension.elt, comprehension.for_in, lpar=comprehension.lpar, rpar=comprehension.rpar
        )
        self.changed += 1
        # No trailing comma: `sum(x for x in y,)` is a syntax error.
        return updated_node.with_changes(args=[cst.Arg(generator)])


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Drop the brackets of every list comprehension that is the only argument of such a call."""
    found = {name for node in m.findall(module, m.Call()) if (name := _callee(node))}
    if not found:
        raise Refuse("no call of sum, max, min, any, all, sorted, tuple, set, list or join on a list comprehension")
    # A string literal's join needs no guard; the builtins must not be rebound.
    names, why = frozenset[str](), "is bound by the program, so it may not be the builtin"
    if found - {"join"}:
        try:
            names = surely_builtins(module, _BUILTINS)
        except Refuse as exc:  # the program could rebind any name unseen: only the joins remain
            why = f"may not be the builtin: {exc}"
    unbracket = _Unbracket(names)
    new = module.visit(unbracket)
    if not unbracket.changed:
        raise Refuse(f"{', '.join(sorted(found))} {why}")
    return new


TECHNIQUE = Technique(
    name="generator-argument",
    summary="sum([E for x in X]) becomes sum(E for x in X) (trial: kept only when the check finds it identical)",
    transform=transform,
    candidates=offered_when_it_applies(transform),
    trial=True,
)

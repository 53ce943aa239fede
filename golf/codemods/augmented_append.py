"""augmented-append (a trial technique): `X.append(E)` becomes `X+=E,` and `X.extend(E)` becomes `X+=E`.

Only expression statements are rewritten (the call's result, None, is dropped anyway), and `X`
is a name or a chain of attributes and single indexes on a name (`a.b`, `keys[li]`, `g["x"].c`).
Six bytes per append, seven per extend.

What happens at run time. `X.append(E)` loads `X`, looks up `append` on it, evaluates `E` and
appends it. `X+=E,` loads `X`, evaluates `E`, calls `X.__iadd__((E,))` and stores the result
back in `X` (for `a.b` it sets the attribute `b` of the `a` evaluated first, for `a[i]` the item
`i` of that `a`, with `i` evaluated once, before `E`, as before). For a list, `__iadd__` extends
the list in place with any iterable and returns the list itself, so the same object gets the
same items and the store puts the same object back: the same mutation, with `E` evaluated at
the same point. Whether `X` is a list (and not a class whose `append`, `extend` or `+=` mean
something else, or an attribute or item whose store does something: `t[0]+=E,` on a tuple `t`
raises after appending) is a fact of the running program, not of its source, so this is a
trial (`trial=True`): the shrink search keeps the result only when the equivalence check finds
the program identical.

What it refuses (does not rewrite), because the store would break even for a list:
- a plain name `X` that the enclosing function or class body does not bind itself (by a
  parameter or an assignment there): `X+=` would make it local to the function and raise
  UnboundLocalError, or add a class attribute; a `global` or `nonlocal` declaration of `X`
  anywhere also blocks it. Module-level statements store the global `X`, which is fine;
- `E` that binds `X` with `:=`: the store after it would undo that binding;
- a slice in the chain (`a[1:].append(E)` changes a copy, `a[1:]+=E,` would change `a`), a call in it;
- a call with keywords, a starred argument or not exactly one argument.

`E` keeps its meaning: `X+=E,` is written bare only when it parses as `X += (E,)` (compared
by syntax tree), else as `X+=(E),` (a generator expression, a multi-line argument). With the
parameter `receiver` (the source of `X`, e.g. `a.b`) only that receiver's calls are rewritten;
by default every one is.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ClassScope, FunctionScope, ScopeProvider

from golf.codemods.in_place import add_in_place
from golf.codemods.names import declared_names, target_names
from golf.codemods.program import metadata
from golf.codemods.technique import Param, Params, Refuse, Technique

_METHODS = {"append": True, "extend": False}  # method -> whether `+=` takes a one-item tuple
_CALL = m.Call(
    func=m.Attribute(value=m.Name() | m.Attribute() | m.Subscript(), attr=m.Name("append") | m.Name("extend")),
    args=[m.Arg(keyword=None, star="")],
)


def _single_index(node: cst.Subscript) -> bool:
    return len(node.slice) == 1 and m.matches(node.slice[0].slice, m.Index(star=None))


def _chain(node: cst.BaseExpression) -> cst.Name | None:
    """The name at the base of `a.b[i].c` (or `a` itself); None when the chain holds anything else,
    such as a call or a slice (`a[1:]+=` would store into `a`, where `a[1:].append` changed a copy)."""
    while isinstance(node, cst.Attribute | cst.Subscript):
        if isinstance(node, cst.Subscript) and not _single_index(node):
            return None
        node = node.value
    return node if isinstance(node, cst.Name) else None


class _Sites(cst.CSTVisitor):
    """Every `X.append(E)` / `X.extend(E)` expression statement, with its rewrite or why not."""

    METADATA_DEPENDENCIES = (ScopeProvider,)

    def __init__(self, declared: set[str]) -> None:
        self.declared = declared  # names some global or nonlocal statement declares
        self.found: list[tuple[cst.Expr, str, cst.AugAssign | str]] = []

    def visit_Expr(self, node: cst.Expr) -> None:
        if not m.matches(node.value, _CALL):
            return
        call: cst.Call = node.value  # type: ignore[assignment]
        receiver = call.func.value  # type: ignore[attr-defined]
        if _chain(receiver) is None:
            return
        source = cst.Module([]).code_for_node(receiver)
        self.found.append((node, source, self._rewrite(node, call, receiver)))

    def _rewrite(self, node: cst.Expr, call: cst.Call, receiver: cst.BaseExpression) -> cst.AugAssign | str:
        value = call.args[0].value
        if isinstance(receiver, cst.Name):
            name = receiver.value
            if name in self.declared:
                return f"{name} is declared global or nonlocal"
            scope = self.get_metadata(ScopeProvider, receiver, None)
            if isinstance(scope, FunctionScope | ClassScope) and not scope.assignments[name]:
                return f"{name} is not bound where it is appended to: `{name}+=` would make it local"
            walrus = [t for n in m.findall(value, m.NamedExpr()) for t in target_names(n.target)]  # type: ignore[attr-defined]
            if name in walrus:
                return f"the argument binds {name} with :="
        new = add_in_place(receiver, value, _METHODS[call.func.attr.value])  # type: ignore[attr-defined]
        if new is None:
            return "the argument cannot be written after +="
        return new.with_changes(semicolon=node.semicolon)


def _sites(module: cst.Module) -> tuple[cst.Module, list[tuple[cst.Expr, str, cst.AugAssign | str]]]:
    wrapper = metadata(module)
    sites = _Sites(declared_names(wrapper.module))
    wrapper.visit(sites)
    return wrapper.module, sites.found


class _Replace(cst.CSTTransformer):
    def __init__(self, edits: dict[cst.CSTNode, cst.AugAssign]) -> None:
        self.edits = edits

    def leave_Expr(self, original_node: cst.Expr, updated_node: cst.Expr) -> cst.BaseSmallStatement:
        return self.edits.get(original_node, updated_node)


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Rewrite every safe `X.append(E)` / `X.extend(E)` statement (of `params["receiver"]` only, if given)."""
    tree, found = _sites(module)
    wanted = params.get("receiver", "")
    found = [site for site in found if not wanted or site[1] == wanted]
    edits = {node: new for node, _, new in found if not isinstance(new, str)}
    if not edits:
        reasons = [new for _, _, new in found if isinstance(new, str)]
        what = f"of {wanted} " if wanted else ""
        raise Refuse(reasons[0] if reasons else f"no `X.append(E)` or `X.extend(E)` statement {what}to rewrite")
    return tree.visit(_Replace(edits))


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    receivers = list(dict.fromkeys(source for _, source, new in _sites(module)[1] if not isinstance(new, str)))
    # All at once first; one receiver at a time for when one of them is not a list.
    return [{}, *({"receiver": r} for r in receivers)] if len(receivers) > 1 else [{}] if receivers else []


TECHNIQUE = Technique(
    name="augmented-append",
    summary="`X.append(E)` becomes `X+=E,` and `X.extend(E)` becomes `X+=E` (trial: X must be a list)",
    transform=transform,
    params=(Param("receiver", "only the calls on this receiver (its source, e.g. a.b); all when empty", ""),),
    candidates=_candidates,
    trial=True,
)

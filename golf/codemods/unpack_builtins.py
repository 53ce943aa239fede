"""unpack-builtins: `set(X)` becomes `{*X}`, `list(X)` becomes `[*X]` and `tuple(X)` becomes `(*X,)`.

`D=sorted(set("".join(A)))` becomes `D=sorted({*"".join(A)})`. Only a call with one positional,
non-starred argument and no keywords changes, and only where the display is shorter (it always is,
by 2, 3 and 3 bytes, unless `X` needs parentheses after `*`: `{*(a or b)}` is no shorter, so a set
of such an `X` is left alone). Comments inside the call's parentheses (around `X`) are dropped.

`X` must be surely iterable: a string, bytes or f-string literal, a list, tuple, set or dict
display or comprehension, a call of one of the builtins `sorted`, `map`, `zip`, `range`,
`filter`, `reversed`, `enumerate`, `iter`, `list`, `set`, `tuple`, `dict`, `frozenset`, `str`,
`bytes` (each bound nowhere, as below), a call of a `str` method that returns a string, a list
or a tuple on a string literal (`"".join(A)`, `"a b".split()`), or `A or B`, `A and B`,
`A if C else B` or `(N := A)` of such. For anything else (`list(5)`) both could fail, but
with different messages (`'int' object is not iterable`, `Value after * must be an iterable,
not int`), which a program can print, or show in its traceback. For a surely iterable `X` the
only failures are those of evaluating or iterating it, the same either way.

Why it is exact: the name must be the builtin, so it must be bound nowhere in the program (no
assignment, parameter, `def`, `class`, import, `global`, `del`, ... in any scope, no star import
of a module whose names are unknown, and no use of `builtins`, `__builtins__`, `__import__`,
`importlib`, `sys.modules`, `__self__` (of a builtin function: the builtins module),
`__globals__`, `f_builtins`, `eval`, `exec`, `globals`, `locals` or `vars`, through which code
could rebind it unseen). Then CPython builds the same container from the same iteration in the
same order: `set(X)` and `{*X}` both evaluate `X` and run the same set update over it (consuming
the iterable fully, in order, hashing each item as it comes); `list(X)` and `[*X]` both run the
same list extend (including its length hint); `tuple(X)` iterates `X` fully in order as `(*X,)`
does, and both give an exact `set`, `list` or `tuple` whatever the type of `X`. The only thing
that differs is the moment the name `set` is looked up (before `X`; the display looks nothing
up), which cannot matter for a name nothing binds. One difference remains for tuples: `tuple(T)`
of a tuple `T` returns `T` itself, `(*T,)` a new equal tuple, which only `is`, `is not` and `id`
can tell, so tuples are left alone in a program that uses any of them.

It refuses a program where none of the three calls qualifies, and it leaves alone `set` calls
inside f-string fields (a set display right after `{` would read as an escaped brace) and a
generator expression argument (`set(a for a in b)` is for a set comprehension to shorten).
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from golf.codemods.layout import TIGHT_COMMA, squeezed_length
from golf.codemods.names import all_names, surely_builtins
from golf.codemods.technique import Params, Refuse, Technique, offered_when_it_applies

#: Operands that `*` takes only in parentheses (it applies to a `|` expression or anything tighter).
_LOOSE = (cst.BooleanOperation, cst.Comparison, cst.IfExp, cst.Lambda, cst.NamedExpr, cst.Yield)
_CONTAINERS = ("set", "list", "tuple")
#: Builtins whose call returns an iterable (or raises).
_ITERABLE_CALLS = frozenset(
    {"sorted", "map", "zip", "range", "filter", "reversed", "enumerate", "iter", "dict", "frozenset", "str", "bytes"}
    | set(_CONTAINERS)
)
#: Methods of `str` that return a `str`, a `list` or a `tuple` (or raise).
_ITERABLE_STR_METHODS = frozenset(
    {
        "join", "split", "rsplit", "splitlines", "partition", "rpartition", "strip", "lstrip", "rstrip",
        "lower", "upper", "title", "capitalize", "casefold", "swapcase", "replace", "format", "format_map",
        "center", "ljust", "rjust", "zfill", "expandtabs", "translate", "encode", "removeprefix", "removesuffix",
    }
)  # fmt: skip
#: Expressions whose value is always iterable.
_ITERABLE_NODES = (
    cst.SimpleString,
    cst.ConcatenatedString,
    cst.FormattedString,
    cst.List,
    cst.Tuple,
    cst.Set,
    cst.Dict,
    cst.ListComp,
    cst.SetComp,
    cst.DictComp,
    cst.GeneratorExp,
)


def _needs_parens(value: cst.BaseExpression) -> bool:
    """True when `*value` needs `value` in parentheses: `*` takes a `|` expression or anything tighter."""
    not_op = isinstance(value, cst.UnaryOperation) and isinstance(value.operator, cst.Not)
    return isinstance(value, _LOOSE) or not_op


def _display(name: str, value: cst.BaseExpression) -> cst.BaseExpression:
    """`{*value}`, `[*value]` or `(*value,)`."""
    if _needs_parens(value):
        value = value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
    if name == "set":
        return cst.Set([cst.StarredElement(value)])
    if name == "list":
        return cst.List([cst.StarredElement(value)])
    return cst.Tuple([cst.StarredElement(value, comma=TIGHT_COMMA)], lpar=[cst.LeftParen()], rpar=[cst.RightParen()])


def _iterable(value: cst.BaseExpression, builtins: frozenset[str]) -> bool:
    """True when `value` surely evaluates to an iterable (or raises): see the module docstring.
    `builtins` are the names that surely are their builtin."""
    if isinstance(value, _ITERABLE_NODES):
        return True
    if isinstance(value, cst.BooleanOperation):
        return _iterable(value.left, builtins) and _iterable(value.right, builtins)
    if isinstance(value, cst.IfExp):
        return _iterable(value.body, builtins) and _iterable(value.orelse, builtins)
    if isinstance(value, cst.NamedExpr):
        return _iterable(value.value, builtins)
    if not isinstance(value, cst.Call):
        return False
    func = value.func
    if isinstance(func, cst.Name):
        return func.value in _ITERABLE_CALLS and func.value in builtins
    literal = (cst.SimpleString, cst.ConcatenatedString, cst.FormattedString)
    return (
        isinstance(func, cst.Attribute)
        and isinstance(func.value, literal)
        and func.attr.value in _ITERABLE_STR_METHODS
        and _is_str(func.value)
    )


def _is_str(literal: cst.BaseExpression) -> bool:
    """True when a string literal is a `str` (not `bytes`, whose methods differ)."""
    if isinstance(literal, cst.ConcatenatedString):
        return _is_str(literal.left)
    if isinstance(literal, cst.SimpleString):
        return "b" not in literal.prefix.lower()
    return isinstance(literal, cst.FormattedString)


def _called(node: cst.CSTNode) -> str | None:
    """`set`, `list` or `tuple` when `node` is a call of that name with one plain positional argument."""
    one_arg = m.Call(func=m.Name(), args=[m.Arg(keyword=None, star="")])
    if not m.matches(node, one_arg):
        return None
    name = node.func.value  # type: ignore[attr-defined]
    if name not in _CONTAINERS or isinstance(node.args[0].value, cst.GeneratorExp):  # type: ignore[attr-defined]
        return None
    return name


class _Unpack(cst.CSTTransformer):
    def __init__(self, names: frozenset[str], builtins: frozenset[str]) -> None:
        self.names = names  # the container names to rewrite
        self.builtins = builtins  # the names that surely are their builtin
        self.fields = 0  # depth of f-string fields around the node
        self.changed = 0

    def visit_FormattedStringExpression(self, node: cst.FormattedStringExpression) -> None:
        self.fields += 1

    def leave_FormattedStringExpression(
        self, original_node: cst.FormattedStringExpression, updated_node: cst.FormattedStringExpression
    ) -> cst.FormattedStringExpression:
        self.fields -= 1
        return updated_node

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        name = _called(updated_node)
        if name is None or name not in self.names or (name == "set" and self.fields):
            return updated_node
        if not _iterable(updated_node.args[0].value, self.builtins):
            return updated_node
        display = _display(name, updated_node.args[0].value)
        if updated_node.lpar:
            display = display.with_changes(lpar=updated_node.lpar, rpar=updated_node.rpar)
        if squeezed_length(display) >= squeezed_length(updated_node):
            return updated_node
        self.changed += 1
        return display


def _uses_identity(module: cst.Module) -> bool:
    """True when the program compares with `is` / `is not` or calls `id`."""
    return bool(m.findall(module, m.Is() | m.IsNot())) or "id" in all_names(module)


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Rewrite every qualifying `set(X)`, `list(X)` and `tuple(X)` as a display."""
    found = {name for node in m.findall(module, m.Call()) if (name := _called(node))}
    if not found:
        raise Refuse("no call of set, list or tuple with one plain argument")
    builtins = surely_builtins(module, _ITERABLE_CALLS)
    names = builtins & set(_CONTAINERS)
    if not found & names:
        raise Refuse(f"{', '.join(sorted(found))} is bound by the program, so it may not be the builtin")
    if _uses_identity(module):
        names -= {"tuple"}  # `tuple(T) is T` for a tuple T; `(*T,)` is a new tuple
        if found <= {"tuple"}:
            raise Refuse("the program uses is or id, which can tell tuple(T) from (*T,)")
    unpack = _Unpack(names, builtins)
    new = module.visit(unpack)
    if not unpack.changed:
        raise Refuse("no call of set, list or tuple of a surely iterable argument would get shorter")
    return new


TECHNIQUE = Technique(
    name="unpack-builtins",
    summary="set(X), list(X), tuple(X) become {*X}, [*X], (*X,)",
    transform=transform,
    candidates=offered_when_it_applies(transform),
)

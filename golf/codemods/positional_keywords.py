"""positional-keywords (trial): a keyword argument right after the positional ones becomes positional.

`choices(range(F),weights=W)` becomes `choices(range(F),W)`, dropping `weights=`; then the next
keyword, as long as each one names the parameter the next position binds. The arguments are
evaluated in the same order either way (left to right, as written), so the only question is
whether the value lands in the same parameter, and that depends on the callee's signature.

- The callee is a function of the program: a name bound once in the whole program, by an
  undecorated module-level `def` or `NAME = lambda ...`, that is not also the name of a
  builtin (a call before the `def` runs would reach the builtin: `max(x, key=f)` then
  `def max(a, key)`). Its signature is in the source: a keyword converts when it names the
  positional-or-keyword parameter at the next position, in order, and conversion stops at the
  first that does not. For these calls it is exact, in a program that cannot replace the
  function or its code unseen (one using `eval`, `exec`, `globals`, `locals`, `vars`,
  `__code__`, `__main__`, `modules`, ... gets no signatures).
- A callee named (or whose method is named) like a known standard function: the same rule
  with that function's positional parameters. So `choices(p, weights=W)` converts (`weights`
  is the second parameter of `random.choices`) but not `choices(p, k=3)` (`k` and
  `cum_weights` are keyword-only), nor any keyword of `print`, `sorted`, `min`, `max`,
  `.sort`, `zip`, `product`, `json.dumps`, `math.isclose` (keyword-only) or of `dict`,
  `Counter`, `defaultdict` (keywords are items), nor `open(f, encoding=E)` (`mode` comes
  second) or `re.sub(p, r, s, flags=F)` (`count` comes fourth). The name does not prove the
  callee is that function, so this, like the next, is a trial.
- Any other callee (a builtin, an imported function, a method, a class): the source does not
  show whether the keyword names the next parameter, or is keyword-only. A keyword converts
  only when it is the call's only keyword argument and at least one positional argument
  precedes it. This is why the technique is a trial: the search keeps the result only when
  the equivalence check finds the program identical.

It leaves alone every call with a `*args` or `**kwargs` argument (the positions they fill are
unknown). Parameters `line` and `column` (the call's start, 1-based line and 0-based column)
pick one call; without them every eligible call changes at once.
"""

from __future__ import annotations

import builtins
from collections.abc import Sequence

import libcst as cst
from libcst.metadata import PositionProvider

from golf.codemods.names import NAMES_AS_STRINGS, all_names, bindings
from golf.codemods.program import metadata
from golf.codemods.technique import Param, Params, Refuse, Technique

#: Positional parameters of standard callables, by the name they are called by ("" for one that no
#: keyword names). A keyword of such a call converts only when it names the next one of these: a
#: keyword-only parameter (`k` of `random.choices`, `key` of `sorted`) or a keyword that is an item
#: (of `dict`, `Counter`) names none. Where two such callables share a name, the shorter list.
_KNOWN_CALLEES: dict[str, tuple[str, ...]] = {
    "print": (),
    "sorted": ("",),
    "sort": (),
    "min": (),
    "max": (),
    "zip": (),
    "product": (),
    "dict": ("",),
    "Counter": ("",),
    "defaultdict": ("",),
    "OrderedDict": ("",),
    "dumps": ("",),
    "dump": ("", ""),
    "isclose": ("", ""),
    "accumulate": ("iterable", "func"),
    "choices": ("population", "weights"),
    "sample": ("population", "k"),
    "open": ("file", "mode", "buffering", "encoding", "errors", "newline", "closefd", "opener"),
    "sub": ("pattern", "repl", "string", "count", "flags"),
    "subn": ("pattern", "repl", "string", "count", "flags"),
    "split": ("sep", "maxsplit"),
    "rsplit": ("sep", "maxsplit"),
    "namedtuple": ("typename", "field_names"),
    "to_bytes": ("length", "byteorder"),
    "from_bytes": ("bytes", "byteorder"),
}

_BUILTINS = frozenset(dir(builtins))

#: Names through which a program can replace a function of its own, or its code, unseen.
_REPLACERS = NAMES_AS_STRINGS | {"__code__", "__main__", "modules", "__import__", "importlib", "__globals__"}


def _module_functions(module: cst.Module) -> list[tuple[str, cst.FunctionDef | cst.Lambda]]:
    """(name, function) for each undecorated module-level `def` and `NAME = lambda ...`."""
    found: list[tuple[str, cst.FunctionDef | cst.Lambda]] = []
    for statement in module.body:
        if isinstance(statement, cst.FunctionDef) and not statement.decorators:
            found.append((statement.name.value, statement))
        for small in statement.body if isinstance(statement, cst.SimpleStatementLine) else ():
            if isinstance(small, cst.Assign) and len(small.targets) == 1 and isinstance(small.value, cst.Lambda):
                target = small.targets[0].target
                if isinstance(target, cst.Name):
                    found.append((target.value, small.value))
    return found


def _signatures(module: cst.Module) -> dict[str, list[str]]:
    """Positional-or-keyword parameter names of each function the program binds once, at module level."""
    if all_names(module) & _REPLACERS:
        return {}  # the program could replace a function, or its code, unseen
    try:
        names = [name for name, _ in bindings(module)]
    except Refuse:
        return {}  # a star import could bind any name: no signature is certain
    # A positional-only parameter takes a position but no keyword names it: "" stands for it.
    return {
        name: [""] * len(function.params.posonly_params) + [param.name.value for param in function.params.params]
        for name, function in _module_functions(module)
        if names.count(name) == 1 and name not in _BUILTINS  # a call before the `def` reaches the builtin
    }


def _convertible(call: cst.Call, signatures: dict[str, list[str]]) -> int:
    """How many keyword arguments of `call`, from the first, become positional."""
    if any(arg.star for arg in call.args):
        return 0
    positional = [arg for arg in call.args if arg.keyword is None]
    keywords = [arg.keyword.value for arg in call.args if arg.keyword is not None]
    if not keywords or list(call.args[: len(positional)]) != positional:
        return 0
    func = call.func
    name = func.value if isinstance(func, cst.Name) else func.attr.value if isinstance(func, cst.Attribute) else ""
    known: Sequence[str] | None = signatures.get(name) if isinstance(func, cst.Name) else None
    if known is None:
        known = _KNOWN_CALLEES.get(name)
    if known is not None:
        params = known[len(positional) :]
        count = 0
        while count < min(len(params), len(keywords)) and params[count] == keywords[count]:
            count += 1
        return count
    if len(keywords) != 1 or not positional:
        return 0
    return 1


class _Sites(cst.CSTVisitor):
    """Every call with keywords to convert, and its start position."""

    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, signatures: dict[str, list[str]]) -> None:
        self.signatures = signatures
        self.sites: dict[cst.Call, tuple[int, int, int]] = {}  # call -> (line, column, how many)

    def visit_Call(self, node: cst.Call) -> None:
        count = _convertible(node, self.signatures)
        if count:
            start = self.get_metadata(PositionProvider, node).start
            self.sites[node] = (start.line, start.column, count)


class _Convert(cst.CSTTransformer):
    def __init__(self, counts: dict[cst.Call, int]) -> None:
        self.counts = counts

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        count = self.counts.get(original_node, 0)
        if not count:
            return updated_node
        args = list(updated_node.args)
        first = next(index for index, arg in enumerate(args) if arg.keyword is not None)
        for index in range(first, first + count):
            args[index] = args[index].with_changes(keyword=None, equal=cst.MaybeSentinel.DEFAULT)
        return updated_node.with_changes(args=args)


def _find(module: cst.Module) -> tuple[cst.Module, dict[cst.Call, tuple[int, int, int]]]:
    wrapper = metadata(module)
    sites = _Sites(_signatures(wrapper.module))
    wrapper.visit(sites)
    return wrapper.module, sites.sites


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Make the leading keyword arguments positional: of the call at `line`/`column`, or of every call."""
    tree, sites = _find(module)
    line, column = params.get("line", ""), params.get("column", "")
    if line or column:
        counts = {call: n for call, (row, col, n) in sites.items() if f"{row}" == line and f"{col}" == column}
        if not counts:
            raise Refuse(f"no call at line {line} column {column} has a keyword that can become positional")
    else:
        counts = {call: n for call, (_, _, n) in sites.items()}
        if not counts:
            raise Refuse("no call has a keyword argument that can become positional")
    return tree.visit(_Convert(counts))


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    _, sites = _find(module)
    if len(sites) < 2:
        return [{}] if sites else []
    return [{}] + [{"line": f"{row}", "column": f"{col}"} for row, col, _ in sites.values()]


TECHNIQUE = Technique(
    name="positional-keywords",
    summary="pass a keyword argument that follows the positional ones by position (trial)",
    transform=transform,
    params=(
        Param("line", "line of the call to change (1-based); empty: every call", default=""),
        Param("column", "column where that call starts (0-based)", default=""),
    ),
    candidates=_candidates,
    trial=True,
)

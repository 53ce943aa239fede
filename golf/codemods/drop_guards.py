"""drop-guards: remove module-level guards that only stop the program, such as

    if not os.path.exists("input.txt"):
        raise SystemExit("error: input.txt not found ...")

The program computes the same thing whenever the guard would not fire: the condition has
no side effects (it only asks the file system whether a path exists or is a file, and
combines names, constants and comparisons with `not`, `and` and `or`), so not evaluating
it changes no value, random draw or printed line. When the guard would fire, the program
still stops, with Python's own error instead of the guard's message (for the guard above,
the FileNotFoundError of the `open("input.txt")` that follows), after printing whatever it
prints before reaching that point. To be sure of that it removes a guard only when its
firing means a missing path that a later module-level statement then opens for reading
(`open(PATH)` with the same literal path, not inside a function, lambda, loop or `if`):
`if not exists(P)` and `if not isfile(P)` qualify, `A or B` when both do, `A and B` when
either does, and a condition that is a false constant never fires. The body must only stop
the program: a `raise`, or `sys.exit`, `exit`, `quit` or `os._exit`, after optional
`print` calls. Any other guard (an `else`, a condition calling the program's own code, or
one whose firing does not make the program fail anyway) is left alone. The checker runs
with the data present, where the guard does not fire, so the result checks identical.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from golf.codemods._statements import edit_statements
from golf.codemods.technique import Params, Refuse, Technique

#: Calls that stop the program, by dotted name.
_STOPS = frozenset({"sys.exit", "exit", "quit", "os._exit"})
#: File-system queries a guard may ask (dotted names as written after the usual imports).
_QUERIES = frozenset({"os.path.exists", "os.path.isfile", "path.exists", "path.isfile", "exists", "isfile"})
#: Conditions that are never true, as written.
_FALSE = frozenset({"False", "None", "0", "0.0", "''", '""'})
_CONSTANTS = (cst.Integer, cst.Float, cst.Imaginary, cst.SimpleString, cst.ConcatenatedString, cst.Ellipsis)


def _dotted(node: cst.BaseExpression) -> str:
    if isinstance(node, cst.Name):
        return node.value
    if isinstance(node, cst.Attribute):
        inner = _dotted(node.value)
        return f"{inner}.{node.attr.value}" if inner else ""
    return ""


def _query_path(node: cst.BaseExpression, queries: set[str]) -> str | None:
    """The literal path of `exists(P)`-like calls (as a string's source text), else None."""
    if not isinstance(node, cst.Call) or _dotted(node.func) not in queries or len(node.args) != 1:
        return None
    arg = node.args[0]
    if arg.keyword is not None or arg.star or not isinstance(arg.value, cst.SimpleString):
        return None
    return arg.value.evaluated_value if isinstance(arg.value.evaluated_value, str) else None


def _side_effect_free(node: cst.BaseExpression, queries: set[str]) -> bool:
    if isinstance(node, (cst.Name, *_CONSTANTS)):
        return True
    if isinstance(node, cst.UnaryOperation):
        return isinstance(node.operator, cst.Not) and _side_effect_free(node.expression, queries)
    if isinstance(node, cst.BooleanOperation):
        return _side_effect_free(node.left, queries) and _side_effect_free(node.right, queries)
    if isinstance(node, cst.Comparison):
        return _side_effect_free(node.left, queries) and all(
            _side_effect_free(c.comparator, queries) for c in node.comparisons
        )
    return _query_path(node, queries) is not None


def _fires_only_without(node: cst.BaseExpression, queries: set[str]) -> set[str] | None:
    """Paths one of which is missing (or not a file) whenever `node` is true; None when unknown.

    The empty set means `node` is never true.
    """
    if isinstance(node, cst.Name | cst.Integer | cst.Float | cst.SimpleString) and node.value in _FALSE:
        return set()
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Not):
        path = _query_path(node.expression, queries)
        return {path} if path is not None else None
    if isinstance(node, cst.BooleanOperation):
        left, right = _fires_only_without(node.left, queries), _fires_only_without(node.right, queries)
        if isinstance(node.operator, cst.Or):  # fires when either fires: both must imply a missing path
            return None if left is None or right is None else left | right
        known = [side for side in (left, right) if side is not None]  # `and`: one implying it is enough
        return min(known, key=len) if known else None
    return None


def _stops(body: cst.BaseSuite) -> bool:
    """The block prints at most, then stops the program."""
    lines = body.body if isinstance(body, cst.IndentedBlock) else [body]
    statements = []
    for line in lines:
        if not isinstance(line, cst.SimpleStatementLine | cst.SimpleStatementSuite):
            return False
        statements += line.body
    *before, last = statements
    printing = all(m.matches(s, m.Expr(m.Call(func=m.Name("print")))) for s in before)
    stop = isinstance(last, cst.Raise) or (
        isinstance(last, cst.Expr) and isinstance(last.value, cst.Call) and _dotted(last.value.func) in _STOPS
    )
    return printing and stop


#: Expressions whose parts may not all run: a call inside one is not sure to happen.
_DEFERRING = (
    m.Lambda() | m.ListComp() | m.SetComp() | m.DictComp() | m.GeneratorExp() | m.IfExp() | m.BooleanOperation()
)


def _read_path(call: cst.Call) -> str | None:
    """The literal path `call` opens, when it is `open(PATH)` or `open(PATH, MODE)` for reading."""
    if not m.matches(call.func, m.Name("open")) or not call.args or call.args[0].keyword or call.args[0].star:
        return None
    path, mode = call.args[0].value, [a.value for a in call.args[1:2] if a.keyword is None]
    reading = not mode or (isinstance(mode[0], cst.SimpleString) and not set("wax+") & set(mode[0].raw_value))
    if not reading or not isinstance(path, cst.SimpleString) or not isinstance(path.evaluated_value, str):
        return None
    return path.evaluated_value


def _opened_for_reading(statement: cst.BaseStatement) -> set[str]:
    """Literal paths that `statement`, at module level, surely opens for reading when it runs."""
    if isinstance(statement, cst.With):
        places: list[cst.CSTNode] = [item.item for item in statement.items]
    elif isinstance(statement, cst.For):
        places = [statement.iter]
    elif isinstance(statement, cst.SimpleStatementLine):
        places = list(statement.body)
    else:
        return set()
    paths: set[str] = set()
    for place in places:
        deferred = {id(node) for part in m.findall(place, _DEFERRING) for node in _walk(part)}
        for call in m.findall(place, m.Call()):
            path = _read_path(call) if id(call) not in deferred else None  # type: ignore[arg-type]
            if path is not None:
                paths.add(path)
    return paths


def _spellings(node: cst.CSTNode) -> dict[str, int]:
    """How many string constants in `node` spell each text."""
    counts: dict[str, int] = {}
    for string in m.findall(node, m.SimpleString()):
        text = string.evaluated_value  # type: ignore[attr-defined]
        if isinstance(text, str):
            counts[text] = counts.get(text, 0) + 1
    return counts


def _named_elsewhere(module: cst.Module, guard: cst.If, paths: set[str]) -> list[str]:
    """Paths spelled somewhere other than the guard and reading opens: the program may create them there."""
    everywhere, in_guard = _spellings(module), _spellings(guard)
    reads: dict[str, int] = {}
    for call in m.findall(module, m.Call()):
        path = _read_path(call)  # type: ignore[arg-type]
        if path is not None:
            reads[path] = reads.get(path, 0) + 1
    return [p for p in sorted(paths) if everywhere.get(p, 0) > in_guard.get(p, 0) + reads.get(p, 0)]


def _walk(node: cst.CSTNode) -> list[cst.CSTNode]:
    found: list[cst.CSTNode] = []

    class _All(cst.CSTVisitor):
        def on_visit(self, node: cst.CSTNode) -> bool:
            found.append(node)
            return True

    node.visit(_All())
    return found


def _queries(module: cst.Module) -> set[str]:
    """The query spellings that really mean os.path's, given the module's imports."""
    found: set[str] = set()
    for statement in m.findall(module, m.Import() | m.ImportFrom()):
        if isinstance(statement, cst.Import):
            plain = {_dotted(a.name) for a in statement.names if a.asname is None}
            if plain & {"os", "os.path"}:
                found |= {"os.path.exists", "os.path.isfile"}
        elif not statement.relative and not isinstance(statement.names, cst.ImportStar):
            source = _dotted(statement.module) if statement.module else ""
            names = {_dotted(a.name) for a in statement.names if a.asname is None}
            if source == "os" and "path" in names:
                found |= {"path.exists", "path.isfile"}
            if source == "os.path":
                found |= names & {"exists", "isfile"}
    return found & _QUERIES


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Remove every module-level guard that only stops the program, when the program would fail there anyway."""
    queries = _queries(module)
    edits: dict[cst.CSTNode, None] = {}
    reasons = []
    for index, statement in enumerate(module.body):
        if not isinstance(statement, cst.If) or not _stops(statement.body):
            continue
        line = f"`if {module.code_for_node(statement.test)}`"
        if statement.orelse is not None:
            reasons.append(f"{line}: has an else")
        elif not _side_effect_free(statement.test, queries):
            reasons.append(f"{line}: its condition may do more than ask the file system")
        else:
            missing = _fires_only_without(statement.test, queries)
            opened = {path for s in module.body[index + 1 :] for path in _opened_for_reading(s)}
            if missing is None or not missing <= opened:
                reasons.append(f"{line}: cannot show the program still stops when it fires")
            elif elsewhere := _named_elsewhere(module, statement, missing):
                reasons.append(f"{line}: {', '.join(elsewhere)} is named elsewhere, where it could be created")
            else:
                edits[statement] = None
    if not edits:
        raise Refuse(f"no guard that can go ({'; '.join(reasons)})" if reasons else "no guard that only stops")
    return edit_statements(module, edits)


TECHNIQUE = Technique(
    name="drop-guards",
    summary="remove module-level `if COND: raise/exit` guards for files the program opens anyway",
    transform=transform,
)

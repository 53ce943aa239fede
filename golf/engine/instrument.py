"""Analysing a variant once and writing its instrumented copy with LibCST.

A variant is any script nobody wrote for golf, so nothing is assumed about names or style:
- the backward pass is any callable that seeds an attribute of its node with 1 (see
  golf.engine.backward): a method, a free function, a lambda, a class attribute;
- its call may sit anywhere, even inside an expression; the training loop is the innermost
  loop that runs it (a `for` over anything, a `while`, a comprehension), also through a helper;
- the sampling loop is the first loop after training that draws from `random`;
- the parameters are found at run time by the harness (the longest list of autograd nodes in
  the calling frame's namespaces), unless named with `params=`.

The copy keeps every line number and changes three things, whatever `--steps` says (the step
and sample limits are the harness's run-time settings, so one copy serves every check):
- the backward call `O(L)` becomes `__golf_backward__(O, L)` and `L.backward()` becomes
  `__golf_method__(L, "backward")`: call it, then record the loss and every gradient;
- the training loop's iterable `X` becomes `__golf_for__(0, X)` (a `while` test `T` becomes
  `__golf_while__(0) and (T)`), which stops after the first N iterations and leaves the count and
  every schedule using it alone;
- the sampling loop likewise with `1`, for `--samples K`.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst

from golf.engine.aliases import find_aliases
from golf.engine.backward import BackwardKind, backward_kinds
from golf.engine.loops import Loop, enclosing_loops, sampling_loop
from golf.engine.nodes import NodeIndex

#: The names the harness installs in builtins for the instrumented copy.
HOOK_NAME = "__golf_backward__"
METHOD_HOOK_NAME = "__golf_method__"
FOR_HOOK_NAME = "__golf_for__"
WHILE_HOOK_NAME = "__golf_while__"
#: Which loop a wrapper limits: the harness's `steps` or `samples`.
TRAINING, SAMPLING = 0, 1


@dataclass(frozen=True)
class Overrides:
    """Names the user gives when automatic detection fails or is ambiguous (None: detect)."""

    #: Method or function name of the backward pass (`backward`, `O`).
    backward: str | None = None
    #: Attribute holding a node's gradient (`grad`, `g`).
    grad_attr: str | None = None
    #: Attribute holding a node's value (`data`, `d`).
    data_attr: str | None = None
    #: Name of the flat list of parameters the optimizer loops over (`params`, `P`).
    params: str | None = None
    #: Line of the training loop's `for` or `while`, to choose between several candidates.
    loop_line: int | None = None

    def key(self) -> str:
        """A stable text form, part of the cache key."""
        return repr((self.backward, self.grad_attr, self.data_attr, self.params, self.loop_line))


@dataclass(frozen=True)
class Lines:
    """First and last line of a loop in the variant's file."""

    first: int
    last: int


@dataclass(frozen=True)
class Instrumented:
    """The analysis of a variant and its instrumented copy, made once per source and carried to the verdict."""

    #: The copy's source text.
    source: str
    #: Gradient and value attributes of the autograd nodes (value may be None: found at run time).
    grad_attr: str
    data_attr: str | None
    #: Name of the parameter list when given, else None (found at run time).
    params: str | None
    #: The training loop, and the line of the backward call in it.
    training: Lines
    backward_line: int
    #: The sampling loop, or None when none was found (then every sample runs).
    sampling: Lines | None = None
    #: What was found and rewritten, for the verdict's notes.
    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class AnalysisFailure:
    """The source could not be instrumented; `reason` says what was not found and which option helps."""

    reason: str


@dataclass
class _Site:
    """One backward call found in the tree, with the loops that run it (innermost first)."""

    call: cst.Call
    kind: BackwardKind
    loss: cst.BaseExpression
    loops: list[Loop]


def _backward_call(call: cst.Call, kinds: list[BackwardKind]) -> tuple[BackwardKind, cst.BaseExpression] | None:
    """(kind, loss expression) when `call` calls a backward pass."""
    func = call.func
    for kind in kinds:
        if kind.method and isinstance(func, cst.Attribute) and func.attr.value == kind.name and not call.args:
            return kind, func.value
        if not kind.method and isinstance(func, cst.Name) and func.value == kind.name and len(call.args) == 1:
            arg = call.args[0]
            if arg.keyword is None and not arg.star:
                return kind, arg.value
    return None


class _Rewriter(cst.CSTTransformer):
    """Wraps the backward call and the loops' iterables; nothing else changes, no line moves."""

    def __init__(self, site: _Site, training: Loop, sampling: Loop | None, params: str | None):
        self.site, self.params = site, params
        self.wraps = {id(training): TRAINING}
        if sampling is not None:
            self.wraps[id(sampling)] = SAMPLING

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.BaseExpression:
        if original_node is not self.site.call:
            return updated_node
        func = updated_node.func
        extra = [cst.Arg(cst.parse_expression(f"lambda: {self.params}"))] if self.params else []
        if self.site.kind.method:
            assert isinstance(func, cst.Attribute)
            args = [cst.Arg(func.value), cst.Arg(cst.SimpleString(repr(func.attr.value))), *extra]
            return updated_node.with_changes(func=cst.Name(METHOD_HOOK_NAME), args=args)
        loss = updated_node.args[0].with_changes(comma=cst.MaybeSentinel.DEFAULT)
        return updated_node.with_changes(func=cst.Name(HOOK_NAME), args=[cst.Arg(func), loss, *extra])

    def _wrapped(self, original: cst.CSTNode, iterable: cst.BaseExpression) -> cst.BaseExpression:
        kind = self.wraps[id(original)]
        return cst.Call(cst.Name(FOR_HOOK_NAME), [cst.Arg(cst.Integer(str(kind))), cst.Arg(iterable)])

    def leave_For(self, original_node: cst.For, updated_node: cst.For) -> cst.For:
        if id(original_node) in self.wraps:
            # `for _ in[0]*N` needs a space once `in` is followed by a name.
            return updated_node.with_changes(
                iter=self._wrapped(original_node, updated_node.iter), whitespace_after_in=cst.SimpleWhitespace(" ")
            )
        return updated_node

    def leave_CompFor(self, original_node: cst.CompFor, updated_node: cst.CompFor) -> cst.CompFor:
        if id(original_node) in self.wraps:
            return updated_node.with_changes(
                iter=self._wrapped(original_node, updated_node.iter), whitespace_after_in=cst.SimpleWhitespace(" ")
            )
        return updated_node

    def leave_While(self, original_node: cst.While, updated_node: cst.While) -> cst.While:
        if id(original_node) not in self.wraps:
            return updated_node
        guard = cst.Call(cst.Name(WHILE_HOOK_NAME), [cst.Arg(cst.Integer(str(self.wraps[id(original_node)])))])
        test = updated_node.test.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        both = cst.BooleanOperation(guard, cst.And(), test)
        return updated_node.with_changes(test=both, whitespace_after_while=cst.SimpleWhitespace(" "))


def _lines(node: cst.CSTNode, positions, parents) -> Lines:
    # A comprehension loop spans the statement it sits in (its own position is only the `for` clause).
    while isinstance(node, cst.CompFor | cst.BaseExpression) and parents.get(node) is not None:
        node = parents[node]
        if isinstance(node, cst.BaseStatement | cst.BaseSmallStatement):
            break
    where = positions[node]
    return Lines(where.start.line, where.end.line)


def _describe(loop: Loop, positions) -> str:
    kind = (
        "while loop"
        if isinstance(loop, cst.While)
        else "comprehension loop"
        if isinstance(loop, cst.CompFor)
        else "loop"
    )
    return f"{kind} at line {positions[loop].start.line}"


def instrument(source: str, *, overrides: Overrides | None = None) -> Instrumented | AnalysisFailure:
    """Analyse `source` and write the copy that records every backward pass and can stop its loops early."""
    overrides = overrides or Overrides()
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        return AnalysisFailure(f"does not parse (line {exc.raw_line}, column {exc.raw_column}): {exc.message}")
    index = NodeIndex(module)
    positions, parents = index.positions, index.parents
    aliases = find_aliases(module, [module, *index.parents])

    kinds = backward_kinds(index, overrides.backward, overrides.grad_attr)
    if not kinds:
        hint = (
            f"no method, function or lambda named {overrides.backward!r}"
            if overrides.backward
            else "no method, function or lambda sets an attribute of its node to 1 (the root gradient)"
        )
        return AnalysisFailure(f"backward pass not found: {hint}; name it with --backward NAME (and --grad-attr ATTR)")

    sites: list[_Site] = []
    for call in index.all(cst.Call):
        hit = _backward_call(call, kinds)
        if hit is not None and not index.inside(call, hit[0].definition):
            sites.append(_Site(call, hit[0], hit[1], enclosing_loops(call, index)))
    with_loops = [s for s in sites if s.loops]
    if overrides.loop_line is not None:
        with_loops = [
            s for s in with_loops if any(positions[loop].start.line == overrides.loop_line for loop in s.loops)
        ]
    if not with_loops:
        names = ", ".join(sorted({k.name for k in kinds}))
        where = f" at line {overrides.loop_line}" if overrides.loop_line else ""
        found = f"{len(sites)} call(s) outside any loop" if sites else "no call of it"
        return AnalysisFailure(
            f"no training loop{where}: backward pass {names} found, but {found}"
            "; name the backward pass with --backward NAME, or choose the loop with --loop-line N"
        )
    if len(with_loops) > 1:
        where = ", ".join(f"line {positions[s.call].start.line}" for s in with_loops)
        return AnalysisFailure(
            f"{len(with_loops)} candidate backward calls ({where}); choose the training loop with --loop-line N"
            " (or the backward pass with --backward NAME)"
        )
    site = with_loops[0]
    if overrides.loop_line is not None:
        training = next(loop for loop in site.loops if positions[loop].start.line == overrides.loop_line)
    else:
        training = site.loops[0]
    sampling = sampling_loop(training, index, aliases)

    call_line = positions[site.call].start.line
    loss_code = module.code_for_node(site.loss)
    notes = [
        f"backward: {site.kind.form} {site.kind.name}() on `{loss_code}` at line {call_line}; "
        f"gradient attribute .{site.kind.grad_attr}",
        f"training: {_describe(training, positions)}",
        f"sampling: {_describe(sampling, positions)}" if sampling is not None else "sampling: no loop found",
    ]
    new_module = module.visit(_Rewriter(site, training, sampling, overrides.params))
    return Instrumented(
        source=new_module.code,
        grad_attr=site.kind.grad_attr,
        data_attr=overrides.data_attr or site.kind.data_attr,
        params=overrides.params,
        training=_lines(training, positions, parents),
        backward_line=call_line,
        sampling=_lines(sampling, positions, parents) if sampling is not None else None,
        notes=tuple(notes),
    )

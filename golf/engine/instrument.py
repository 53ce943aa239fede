"""Finding a variant's training loop and backward pass with LibCST, and instrumenting a copy.

A variant is any script nobody wrote for golf, so nothing is assumed about names:
- the backward pass is a call statement inside a `for ... in range(BOUND)` loop, either a
  method call `loss.backward()` (any method of a top-level class that sets an attribute of
  `self` to 1) or a free call `f(loss)` of a top-level function that sets an attribute of
  its first parameter to 1. That attribute is the gradient attribute.
- the training loop is the innermost `for ... in range(BOUND)` around that call;
- the parameters are found at run time by the harness (the longest list of autograd nodes
  in the loop's namespace), unless named with `params=`.

The copy differs from the original in two places only, and keeps every line number:
`__golf_record__(LOSS, lambda: PARAMS)` is appended to the backward call's line, and for
`steps` the loop bound is rewritten (the integer assigned to its name, or the literal).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import libcst as cst
from libcst.metadata import MetadataWrapper, PositionProvider

#: The name the harness installs in builtins; the instrumented copy calls it after each backward pass.
HOOK_NAME = "__golf_record__"


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
    #: Line of the training loop's `for`, to choose between several candidates.
    loop_line: int | None = None

    def key(self) -> str:
        """A stable text form, part of the cache key."""
        return repr((self.backward, self.grad_attr, self.data_attr, self.params, self.loop_line))


@dataclass(frozen=True)
class Instrumented:
    """A successfully instrumented copy of a variant."""

    #: The copy's source text.
    source: str
    #: Gradient and value attributes of the autograd nodes (value may be None: found at run time).
    grad_attr: str
    data_attr: str | None
    #: Name of the parameter list when given or found statically, else None (found at run time).
    params: str | None
    #: What was found and rewritten, for the verdict's notes.
    notes: tuple[str, ...] = field(default_factory=tuple)


@dataclass(frozen=True)
class AnalysisFailure:
    """The source could not be instrumented; `reason` says what was not found and which option helps."""

    reason: str


def _int_value(node: cst.BaseExpression) -> int | None:
    if isinstance(node, cst.Integer):
        return int(node.evaluated_value)
    return None


def _is_one(node: cst.BaseExpression) -> bool:
    return isinstance(node, cst.Integer | cst.Float) and node.evaluated_value == 1


def _attrs_set_to_one(body: cst.CSTNode, owner: str) -> list[str]:
    """Attributes `owner.X` assigned the constant 1 anywhere in `body` (the root gradient)."""
    found: list[str] = []

    class Finder(cst.CSTVisitor):
        def visit_Assign(self, node: cst.Assign) -> None:
            if not _is_one(node.value):
                return
            for target in node.targets:
                t = target.target
                if isinstance(t, cst.Attribute) and isinstance(t.value, cst.Name) and t.value.value == owner:
                    found.append(t.attr.value)

    body.visit(Finder())
    return found


def _first_param(fn: cst.FunctionDef) -> str | None:
    params = fn.params.params or fn.params.posonly_params
    return params[0].name.value if params else None


class _AttrsAssignedFrom(cst.CSTVisitor):
    """Collects `OWNER.X = VALUE_NAME` assignments: the attributes of `owner` set from the name `value_name`."""

    def __init__(self, owner: str, value_name: str):
        self.owner, self.value_name = owner, value_name
        self.attrs: list[str] = []

    def visit_Assign(self, node: cst.Assign) -> None:
        if isinstance(node.value, cst.Name) and node.value.value == self.value_name:
            for target in node.targets:
                t = target.target
                if isinstance(t, cst.Attribute) and isinstance(t.value, cst.Name) and t.value.value == self.owner:
                    self.attrs.append(t.attr.value)


def _init_data_attr(cls: cst.ClassDef) -> str | None:
    """The attribute `__init__` assigns from its first argument after self (`self.data = data`)."""
    for stmt in cls.body.body:
        if isinstance(stmt, cst.FunctionDef) and stmt.name.value == "__init__":
            params = [p.name.value for p in stmt.params.params]
            if len(params) < 2:
                return None
            finder = _AttrsAssignedFrom(params[0], params[1])
            stmt.visit(finder)
            return finder.attrs[0] if finder.attrs else None
    return None


@dataclass(frozen=True)
class _BackwardKind:
    name: str  # method or function name
    method: bool
    grad_attr: str
    data_attr: str | None


def _backward_kinds(module: cst.Module, overrides: Overrides) -> list[_BackwardKind]:
    """Every top-level method or function that looks like a backward pass."""
    kinds: list[_BackwardKind] = []
    for stmt in module.body:
        if isinstance(stmt, cst.ClassDef):
            data_attr = _init_data_attr(stmt)
            for item in stmt.body.body:
                if not isinstance(item, cst.FunctionDef):
                    continue
                me = _first_param(item)
                attrs = _attrs_set_to_one(item, me) if me else []
                if overrides.backward is not None and item.name.value != overrides.backward:
                    continue
                if attrs or overrides.backward is not None:
                    grad = overrides.grad_attr or (attrs[0] if attrs else None)
                    if grad:
                        kinds.append(_BackwardKind(item.name.value, True, grad, data_attr))
        elif isinstance(stmt, cst.FunctionDef):
            if overrides.backward is not None and stmt.name.value != overrides.backward:
                continue
            first = _first_param(stmt)
            attrs = _attrs_set_to_one(stmt, first) if first else []
            if attrs or overrides.backward is not None:
                grad = overrides.grad_attr or (attrs[0] if attrs else None)
                if grad:
                    kinds.append(_BackwardKind(stmt.name.value, False, grad, None))
    # A free backward function does not say which class it walks; when only one class stores
    # its constructor's first argument, that attribute is the node's value.
    class_data_attrs = {_init_data_attr(s) for s in module.body if isinstance(s, cst.ClassDef)} - {None}
    only = next(iter(class_data_attrs)) if len(class_data_attrs) == 1 else None
    data_attr = overrides.data_attr
    kinds = [_BackwardKind(k.name, k.method, k.grad_attr, data_attr or k.data_attr or only) for k in kinds]
    return kinds


def _backward_call(stmt: cst.BaseSmallStatement, kinds: list[_BackwardKind]) -> tuple[_BackwardKind, str] | None:
    """(kind, loss expression code) when `stmt` is a backward call statement."""
    if not isinstance(stmt, cst.Expr) or not isinstance(stmt.value, cst.Call):
        return None
    call = stmt.value
    func = call.func
    for kind in kinds:
        if kind.method and isinstance(func, cst.Attribute) and func.attr.value == kind.name and not call.args:
            return kind, cst.Module([]).code_for_node(func.value)
        if not kind.method and isinstance(func, cst.Name) and func.value == kind.name and len(call.args) == 1:
            arg = call.args[0]
            if arg.keyword is None and not arg.star:
                return kind, cst.Module([]).code_for_node(arg.value)
    return None


@dataclass
class _Site:
    """One backward call found in the tree, with the loops around it (outermost first)."""

    line: cst.SimpleStatementLine | cst.SimpleStatementSuite
    index: int
    kind: _BackwardKind
    loss_code: str
    loops: list[cst.For]


def _range_bound(loop: cst.For) -> cst.BaseExpression | None:
    it = loop.iter
    if isinstance(it, cst.Call) and isinstance(it.func, cst.Name) and it.func.value == "range" and len(it.args) == 1:
        return it.args[0].value
    return None


def _find_sites(module: cst.Module, kinds: list[_BackwardKind]) -> list[_Site]:
    sites: list[_Site] = []
    stack: list[cst.For] = []

    class Finder(cst.CSTVisitor):
        def visit_For(self, node: cst.For) -> None:
            stack.append(node)

        def leave_For(self, original_node: cst.For) -> None:
            stack.pop()

        def _lines(self, node: cst.SimpleStatementLine | cst.SimpleStatementSuite) -> None:
            for i, small in enumerate(node.body):
                hit = _backward_call(small, kinds)
                if hit is not None:
                    sites.append(_Site(node, i, hit[0], hit[1], list(stack)))

        def visit_SimpleStatementLine(self, node: cst.SimpleStatementLine) -> None:
            self._lines(node)

        def visit_SimpleStatementSuite(self, node: cst.SimpleStatementSuite) -> None:
            self._lines(node)

    module.visit(Finder())
    return sites


class _Rewriter(cst.CSTTransformer):
    """Appends the hook call after the backward call and rewrites the training loop's bound."""

    def __init__(
        self, site: _Site, loop: cst.For, hook_code: str, steps: int | None, bound_name: str | None, literal: int | None
    ):
        self.site, self.loop, self.hook_code = site, loop, hook_code
        self.steps, self.bound_name, self.literal = steps, bound_name, literal
        self.in_loop = 0
        self.rewrites: list[str] = []

    def visit_For(self, node: cst.For) -> None:
        if node is self.loop:
            self.in_loop += 1

    def leave_For(self, original_node: cst.For, updated_node: cst.For) -> cst.For:
        if original_node is self.loop:
            self.in_loop -= 1
        return updated_node

    def leave_Integer(self, original_node: cst.Integer, updated_node: cst.Integer) -> cst.BaseExpression:
        # A literal bound also appears in the step-dependent code (e.g. `1 - i / 1000`):
        # every equal literal inside the training loop is the bound.
        if self.steps is not None and self.literal is not None and self.in_loop:
            if int(original_node.evaluated_value) == self.literal:
                self.rewrites.append(f"literal {self.literal}")
                return updated_node.with_changes(value=str(self.steps))
        return updated_node

    def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign) -> cst.Assign:
        if self.steps is None or self.bound_name is None:
            return updated_node
        for target in original_node.targets:
            t = target.target
            if isinstance(t, cst.Name) and t.value == self.bound_name and _int_value(original_node.value) is not None:
                self.rewrites.append(f"{self.bound_name} = {self.steps}")
                return updated_node.with_changes(value=cst.Integer(str(self.steps)))
            if (
                isinstance(t, cst.Tuple)
                and isinstance(original_node.value, cst.Tuple)
                and len(t.elements) == len(original_node.value.elements)
            ):
                elements = list(updated_node.value.elements)
                for i, el in enumerate(t.elements):
                    value = original_node.value.elements[i].value
                    if (
                        isinstance(el.value, cst.Name)
                        and el.value.value == self.bound_name
                        and _int_value(value) is not None
                    ):
                        elements[i] = elements[i].with_changes(value=cst.Integer(str(self.steps)))
                        self.rewrites.append(f"{self.bound_name} = {self.steps}")
                        return updated_node.with_changes(value=updated_node.value.with_changes(elements=elements))
        return updated_node

    def _add_hook(self, original, updated):
        if original is not self.site.line:
            return updated
        hook = cst.parse_statement(self.hook_code).body[0]
        body = list(updated.body)
        body.insert(self.site.index + 1, hook)
        # Every small statement but the last needs a semicolon; keep the original ones.
        body = [
            s.with_changes(semicolon=cst.Semicolon(whitespace_after=cst.SimpleWhitespace(" ")))
            if i < len(body) - 1 and s.semicolon is cst.MaybeSentinel.DEFAULT
            else s
            for i, s in enumerate(body)
        ]
        return updated.with_changes(body=body)

    def leave_SimpleStatementLine(self, original_node, updated_node):
        return self._add_hook(original_node, updated_node)

    def leave_SimpleStatementSuite(self, original_node, updated_node):
        return self._add_hook(original_node, updated_node)


def instrument(
    source: str, *, steps: int | None = None, overrides: Overrides | None = None
) -> Instrumented | AnalysisFailure:
    """Instrument `source` so every backward pass is recorded; with `steps`, shorten training to that many steps."""
    overrides = overrides or Overrides()
    try:
        module = cst.parse_module(source)
    except cst.ParserSyntaxError as exc:
        return AnalysisFailure(f"does not parse (line {exc.raw_line}, column {exc.raw_column}): {exc.message}")
    wrapper = MetadataWrapper(module, unsafe_skip_copy=True)
    positions = wrapper.resolve(PositionProvider)

    kinds = _backward_kinds(module, overrides)
    if not kinds:
        hint = (
            f"no method or function named {overrides.backward!r}"
            if overrides.backward
            else "no method or top-level function sets an attribute of its node to 1 (the root gradient)"
        )
        return AnalysisFailure(f"backward pass not found: {hint}; name it with --backward NAME (and --grad-attr ATTR)")

    sites = [s for s in _find_sites(module, kinds) if any(_range_bound(loop) is not None for loop in s.loops)]
    if overrides.loop_line is not None:
        sites = [s for s in sites if any(positions[loop].start.line == overrides.loop_line for loop in s.loops)]
    if not sites:
        names = ", ".join(sorted({k.name for k in kinds}))
        return AnalysisFailure(
            f"no call of the backward pass ({names}) inside a `for ... in range(...)` training loop"
            + (f" at line {overrides.loop_line}" if overrides.loop_line else "")
            + "; name it with --backward NAME, or choose the loop with --loop-line N"
        )
    if len(sites) > 1:
        where = ", ".join(f"line {positions[s.line].start.line}" for s in sites)
        return AnalysisFailure(
            f"{len(sites)} candidate backward calls ({where}); choose the training loop with --loop-line N"
            " (or the backward pass with --backward NAME)"
        )
    site = sites[0]
    if overrides.loop_line is not None:
        loop = next(loop for loop in site.loops if positions[loop].start.line == overrides.loop_line)
    else:
        loop = next(loop for loop in reversed(site.loops) if _range_bound(loop) is not None)
    bound = _range_bound(loop)
    if bound is None:
        return AnalysisFailure(f"the loop at line {positions[loop].start.line} is not `for ... in range(N)`")

    notes = [
        f"backward: {'method .' if site.kind.method else 'function '}{site.kind.name}() on `{site.loss_code}` "
        f"at line {positions[site.line].start.line}; gradient attribute .{site.kind.grad_attr}",
        f"training loop at line {positions[loop].start.line}",
    ]
    bound_name = bound.value if isinstance(bound, cst.Name) else None
    literal = _int_value(bound)
    if steps is not None and bound_name is None and literal is None:
        return AnalysisFailure(
            f"cannot shorten training: the loop bound at line {positions[loop].start.line} is neither a name nor"
            " an integer literal; run without --steps"
        )

    params_code = overrides.params or "None"
    hook = f"{HOOK_NAME}({site.loss_code}, lambda: {params_code})"
    rewriter = _Rewriter(site, loop, hook, steps, bound_name, literal)
    new_module = module.visit(rewriter)
    if steps is not None:
        if not rewriter.rewrites:
            return AnalysisFailure(
                f"cannot shorten training: no integer assignment to `{bound_name}` found; run without --steps"
            )
        notes.append("steps: rewrote " + ", ".join(sorted(set(rewriter.rewrites))) + f" ({len(rewriter.rewrites)}x)")
    return Instrumented(
        source=new_module.code,
        grad_attr=site.kind.grad_attr,
        data_attr=site.kind.data_attr,
        params=overrides.params,
        notes=tuple(notes),
    )

"""drop-defaults: a parameter whose literal default every call uses becomes that literal in the body.

`s=lambda a,b,e=.08:[[r(gauss(0,e))...` becomes `s=lambda a,b:[[r(gauss(0,.08))...`, and
`def matrix(nout, nin, std=0.08)` loses `std`. The parameter is the function's last one
(then the one before it, and so on, while each qualifies), its default is an int, float or
string literal (not an f-string; `-1` is an operation), and it goes only when that saves
bytes: `,NAME=LIT` goes and each read costs `len(LIT) - len(NAME)`.

Why it is exact: the function (a `def`, or a lambda assigned to a name) is bound once in its
scope, never declared global or nonlocal, and every read of its name is a direct call
`f(...)` with fewer positional arguments than the parameter's position and no keyword of its
name and no `*`/`**` argument; so nothing else ever gets hold of the function object, and
every call binds the parameter to its default. Nothing rebinds the parameter in the body,
so each read sees the default, an immutable object that the literal evaluates to again
(equal; only `is` could tell two equal floats apart, so a read that is an operand of `is` is
refused). Dropping the last parameter leaves every call valid: none passed it.

It refuses decorated functions (the decorator gets the function object) and methods (called
through attribute lookup), a parameter read by a nested function or lambda (only the
function's own body and its comprehensions may read it), a function or parameter name that a
class body also binds (a read in that body before the binding sees the outer one), a read the
literal cannot replace without parentheses (`p.attr`, `p(...)`, `p[...]`, f-string format
specs and `{p=}`, a string read inside an f-string, an annotation), and programs that reach
names or defaults indirectly (`globals`, `locals`, `vars`, `eval`, `exec`, `dir`,
`__dict__`, `__main__`, `__defaults__`, `__code__`, frames, `inspect.signature`).
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ClassScope, ComprehensionScope, Scope

from golf.codemods.constants import NameReads, Substitute, blocker, literal
from golf.codemods.technique import Params, Refuse, Technique

#: What reaches a function's defaults or locals without calling it by name.
_INDIRECT = frozenset(
    {"__defaults__", "__kwdefaults__", "__code__", "__wrapped__", "_getframe", "f_locals", "signature"}
    | {"getfullargspec", "currentframe", "settrace", "setprofile"}
)


class _Analysis(NameReads):
    def __init__(self, module: cst.Module) -> None:
        super().__init__(module)
        self.blocker = blocker(self.module, _INDIRECT)

    def functions(self) -> list[tuple[str, cst.FunctionDef | cst.Lambda, cst.CSTNode]]:
        """(name, function, binding node) for each `def` and each lambda assigned to a single name."""
        found: list[tuple[str, cst.FunctionDef | cst.Lambda, cst.CSTNode]] = []
        for node in m.findall(self.module, m.FunctionDef() | m.AssignTarget(target=m.Name())):
            if isinstance(node, cst.FunctionDef):
                found.append((node.name.value, node, node))
            else:
                assign = self.parents[node]
                if isinstance(assign.value, cst.Lambda) and len(assign.targets) == 1:
                    found.append((node.target.value, assign.value, node))
        return found

    def calls(self, name: str, function: cst.FunctionDef | cst.Lambda, binding: cst.CSTNode) -> list[cst.Call] | str:
        """Every call of the function, when its name is used only to call it; else why not."""
        scope = self.scopes[binding]
        if isinstance(function, cst.FunctionDef) and function.decorators:
            return f"{name} is decorated, so the decorator gets the function object"
        if isinstance(scope, ClassScope):
            return f"{name} is a method, called through attribute lookup"
        if name in self.declared:
            return f"{name} is declared global or nonlocal, so a function may rebind it"
        if self.class_bound(name, scope):
            return f"{name} is also bound in a class body, whose reads of it are ambiguous"
        if [id(node) for node in self.bound_in(name, scope)] != [id(binding)]:
            return f"{name} is bound more than once in its scope"
        calls = []
        for read in self.reads_of(name, scope):
            parent = self.parents[read]
            if not isinstance(parent, cst.Call) or parent.func is not read:
                return f"{name} is used other than by calling it"
            calls.append(parent)
        return calls

    def droppable(
        self, function: cst.FunctionDef | cst.Lambda, calls: list[cst.Call]
    ) -> tuple[dict[cst.Param, list[cst.Name]], str]:
        """The trailing parameters to drop, each with its reads, and why the one before them stays."""
        params = function.params
        if isinstance(params.star_arg, cst.Param | cst.ParamStar) or params.kwonly_params or params.star_kwarg:
            return {}, "it takes *args, keyword-only parameters or **kwargs"
        dropped: dict[cst.Param, list[cst.Name]] = {}
        for index in range(len(params.params) - 1, -1, -1):
            reads = self._param(params.params[index], len(params.posonly_params) + index, calls)
            if isinstance(reads, str):
                return dropped, reads
            dropped[params.params[index]] = reads
        return dropped, "no parameter is left"

    def _param(self, param: cst.Param, position: int, calls: list[cst.Call]) -> list[cst.Name] | str:
        """The reads of `param` when every call leaves it to its default and dropping it saves bytes."""
        name, value = param.name.value, literal(param.default)
        if value is None:
            return f"{name} has no literal default"
        for call in calls:
            if any(arg.star for arg in call.args):
                return f"a call passes *args or **kwargs, which could set {name}"
            if any(arg.keyword is not None and arg.keyword.value == name for arg in call.args):
                return f"a call passes {name} by keyword"
            if sum(arg.keyword is None for arg in call.args) > position:
                return f"a call passes {name}"
        home = self.scopes[param]
        if name in self.declared or [id(node) for node in self.bound_in(name, home)] != [id(param)]:
            return f"{name} is rebound in the function"
        if self.class_bound(name, home):
            return f"{name} is also bound in a class body, whose reads of it are ambiguous"
        reads = self.reads_of(name, home)
        for read in reads:
            scope: Scope = self.scopes[read]
            while isinstance(scope, ComprehensionScope):
                scope = scope.parent
            if scope is not home:
                return f"{name} is read by a nested function"
            problem = self.substitution_problem(read, value)
            if problem:
                return problem
        text = len(cst.Module([]).code_for_node(value))
        if len(name) + text + 2 <= len(reads) * (text - len(name)):
            return f"dropping {name} would not save bytes (read {len(reads)} times)"
        return reads

    def plan(self) -> tuple[dict[cst.Parameters, dict[cst.Param, list[cst.Name]]], str]:
        """Per function's parameters, the parameters to drop with their reads; and a reason when none."""
        if self.blocker:
            return {}, self.blocker
        plan, why = {}, "no function has a trailing parameter with a literal default"
        for name, function, binding in self.functions():
            calls = self.calls(name, function, binding)
            if isinstance(calls, str):
                why = calls
                continue
            dropped, reason = self.droppable(function, calls)
            if dropped:
                plan[function.params] = dropped
            else:
                why = f"{name}: {reason}"
        return plan, why


class _Drop(Substitute):
    def __init__(self, plan: dict[cst.Parameters, dict[cst.Param, list[cst.Name]]]) -> None:
        super().__init__(
            {read: literal(p.default) for dropped in plan.values() for p, reads in dropped.items() for read in reads}
        )
        self.plan = plan

    def leave_Parameters(self, original_node: cst.Parameters, updated_node: cst.Parameters) -> cst.Parameters:
        if original_node not in self.plan:
            return updated_node
        kept = updated_node.params[: len(updated_node.params) - len(self.plan[original_node])]
        if kept:
            kept = [*kept[:-1], kept[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)]
        elif isinstance(updated_node.posonly_ind, cst.ParamSlash):  # `(a, /)`, not `(a, /, )`
            slash = updated_node.posonly_ind.with_changes(comma=cst.MaybeSentinel.DEFAULT)
            return updated_node.with_changes(params=kept, posonly_ind=slash)
        return updated_node.with_changes(params=kept)

    def leave_Lambda(self, original_node: cst.Lambda, updated_node: cst.Lambda) -> cst.Lambda:
        params = updated_node.params
        if original_node.params in self.plan and not params.params and not params.posonly_params:
            return updated_node.with_changes(whitespace_after_lambda=cst.SimpleWhitespace(""))  # `lambda:`
        return updated_node


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Drop every trailing parameter whose literal default every call uses, when that saves bytes."""
    analysis = _Analysis(module)
    plan, why = analysis.plan()
    if not plan:
        raise Refuse(why)
    return analysis.module.visit(_Drop(plan))


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    try:
        plan, _ = _Analysis(module).plan()
    except Refuse:
        return []
    return [{}] if plan else []


TECHNIQUE = Technique(
    name="drop-defaults",
    summary="turn a parameter whose literal default no call overrides into that literal in the body",
    transform=transform,
    candidates=_candidates,
)

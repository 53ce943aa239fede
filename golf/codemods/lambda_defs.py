"""lambda-defs: `def f(a, b=1): return expr` becomes `f = lambda a, b=1: expr`.

A lambda is a function object like the `def` it replaces: the same parameters, defaults
evaluated once at the same point, the same closure, and a recursive call still looks the
name up when it runs, so the result is exact. It refuses a function with decorators,
annotations, a docstring or more than the one `return` statement, an `async def`, a
generator (`yield` would make the lambda a generator too), and one whose expression holds
an `await`. Only the function's `__name__` (`<lambda>`) differs, which the program must not
print: it refuses when `__name__` or `__qualname__` is read anywhere.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from golf.codemods.names import all_names
from golf.codemods.technique import Param, Params, Refuse, Technique


def _why_not(node: cst.FunctionDef) -> str | None:
    """The reason `node` cannot become a lambda, or None when it can."""
    if node.decorators:
        return "has decorators"
    if node.asynchronous is not None:
        return "is async"
    if node.returns is not None or any(p.annotation is not None for p in _all_params(node.params)):
        return "has annotations"
    body = node.body
    if isinstance(body, cst.IndentedBlock):
        if len(body.body) != 1 or not isinstance(body.body[0], cst.SimpleStatementLine):
            return "body is more than one statement"
        statements = body.body[0].body
    else:
        statements = body.body
    if len(statements) != 1 or not isinstance(statements[0], cst.Return):
        return "body is not a single return"
    value = statements[0].value
    if value is None:
        return "returns nothing"
    if m.findall(value, m.Yield() | m.Await()):
        return "is a generator or awaits"
    return None


def _all_params(params: cst.Parameters) -> list[cst.Param]:
    found = [*params.posonly_params, *params.params, *params.kwonly_params]
    if isinstance(params.star_arg, cst.Param):
        found.append(params.star_arg)
    if params.star_kwarg is not None:
        found.append(params.star_kwarg)
    return found


class _ToLambda(cst.CSTTransformer):
    def __init__(self, only: str | None) -> None:
        self.only = only
        self.converted: list[str] = []
        self.refusals: list[str] = []

    def leave_FunctionDef(self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef) -> cst.BaseStatement:
        name = updated_node.name.value
        if self.only is not None and name != self.only:
            return updated_node
        reason = _why_not(updated_node)
        if reason is not None:
            self.refusals.append(f"{name}: {reason}")
            return updated_node
        body = updated_node.body
        line = body.body[0] if isinstance(body, cst.IndentedBlock) else body
        value = line.body[0].value  # type: ignore[union-attr]
        if isinstance(value, cst.Tuple) and not value.lpar:
            value = value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])  # `lambda: a, b` is a pair
        lam = cst.Lambda(params=updated_node.params, body=value)
        assign = cst.Assign(targets=[cst.AssignTarget(cst.Name(name))], value=lam)
        self.converted.append(name)
        # Comments inside the body move above the assignment, so none is lost.
        header, trailing = getattr(body, "header", None), getattr(line, "trailing_whitespace", None)
        inner = [cst.EmptyLine(comment=header.comment)] if header is not None and header.comment else []
        inner += [e for e in getattr(line, "leading_lines", ()) if e.comment is not None]
        if trailing is not None and trailing.comment is not None:
            inner.append(cst.EmptyLine(comment=trailing.comment))
        return cst.SimpleStatementLine(body=[assign], leading_lines=[*updated_node.leading_lines, *inner])


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Turn every eligible (or the named) single-return function into a lambda assignment."""
    only = params.get("name") or None
    if {"__name__", "__qualname__"} & all_names(module):
        raise Refuse("the program reads __name__ or __qualname__, which a lambda changes")
    transformer = _ToLambda(only)
    new = module.visit(transformer)
    if not transformer.converted:
        if transformer.refusals:
            raise Refuse(f"no function can become a lambda ({'; '.join(transformer.refusals)})")
        raise Refuse(f"no function named {only!r}" if only else "no functions")
    return new


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    return [{}]


TECHNIQUE = Technique(
    name="lambda-defs",
    summary="turn functions whose body is a single return into `name = lambda ...: expr`",
    transform=transform,
    params=(Param("name", "only this function (default: every one that qualifies)", ""),),
    candidates=_candidates,
)

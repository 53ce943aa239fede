"""Turning a one-expression `def` into a lambda, shared by lambda-defs and walrus-lambda."""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m


def why_not_lambda(node: cst.FunctionDef) -> str | None:
    """The reason `node` cannot become a lambda, or None when it can."""
    if node.decorators:
        return "has decorators"
    if node.asynchronous is not None:
        return "is async"
    if node.returns is not None or any(p.annotation is not None for p in all_params(node.params)):
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


def all_params(params: cst.Parameters) -> list[cst.Param]:
    """Every parameter of a signature: positional-only, plain, keyword-only, `*args` and `**kwargs`."""
    found = [*params.posonly_params, *params.params, *params.kwonly_params]
    if isinstance(params.star_arg, cst.Param):
        found.append(params.star_arg)
    if params.star_kwarg is not None:
        found.append(params.star_kwarg)
    return found


class ToLambda(cst.CSTTransformer):
    """Turn each `def` that can be a lambda (only the one named `only`, when given) into `name = lambda ...`."""

    def __init__(self, only: str | None) -> None:
        self.only = only
        self.converted: list[str] = []
        self.refusals: list[str] = []

    def leave_FunctionDef(self, original_node: cst.FunctionDef, updated_node: cst.FunctionDef) -> cst.BaseStatement:
        name = updated_node.name.value
        if self.only is not None and name != self.only:
            return updated_node
        reason = why_not_lambda(updated_node)
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

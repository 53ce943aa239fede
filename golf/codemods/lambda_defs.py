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

from golf.codemods.lambdas import ToLambda
from golf.codemods.names import all_names
from golf.codemods.technique import Param, Params, Refuse, Technique


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Turn every eligible (or the named) single-return function into a lambda assignment."""
    only = params.get("name") or None
    if {"__name__", "__qualname__"} & all_names(module):
        raise Refuse("the program reads __name__ or __qualname__, which a lambda changes")
    transformer = ToLambda(only)
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

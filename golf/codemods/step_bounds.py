"""The step-bound agreement: the training loop's `range(NAME)` bound, which codemods keep rewritable.

golf's `--steps` rewriter finds the training loop by its `range(NAME)` bound and gives NAME a new
value; a codemod that inlined, renamed away or folded that name would leave the check unable to
shorten the run. Codemods ask `step_bounds` which names to keep.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

#: `range(NAME)` with one argument: the shape of the training loop's bound.
_RANGE_OF_NAME = m.Call(func=m.Name("range"), args=[m.Arg(value=m.Name())])


def step_bounds(module: cst.Module) -> set[str]:
    """Names used as `range(NAME)` by a top-level `for`: the training loop's step count is one of them.

    The checker's `--steps` rewriter looks for that name, so codemods keep it a module-level
    name with its own assignment.
    """
    return {
        statement.iter.args[0].value.value  # type: ignore[attr-defined]
        for statement in module.body
        if isinstance(statement, cst.For) and m.matches(statement.iter, _RANGE_OF_NAME)
    }


def one_arg_range(node: cst.BaseExpression) -> cst.BaseExpression | None:
    """`N` when `node` is `range(N)`."""
    if not m.matches(node, m.Call(func=m.Name("range"), args=[m.Arg(keyword=None, star="")])):
        return None
    return node.args[0].value  # type: ignore[attr-defined]

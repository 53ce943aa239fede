"""The step-bound agreement: the training loop's step count stays a name of its own, which codemods keep.

`--steps` once rewrote the integer assigned to this name; it now stops the training loop after N
iterations at run time (golf.engine.instrument), so the check no longer needs the name. Codemods
still keep it: a shrunk program keeps its step count in one named place that a reader (and the
lr schedule that divides by it) can find. Loops are recognised by the engine's own matcher
(golf.engine.aliases.counted_bound), so `for s in Q(N)` after `Q=range` and `for _ in[0]*N` count too.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable

import libcst as cst
import libcst.matchers as m

from golf.codemods.names import KEPT_TREES
from golf.engine.aliases import Aliases, counted_bound, find_aliases


def step_bounds(module: cst.Module, nodes: Iterable[cst.CSTNode] | None = None) -> set[str]:
    """Names counting a top-level `for` (`range(NAME)`, `Q(NAME)`, `[0]*NAME`): the step count is one of them.

    `nodes`: the module's nodes in visiting order, when the caller has them (see find_aliases).
    """
    return set(_step_bounds(module) if nodes is None else _bounds(module, find_aliases(module, nodes)))


@functools.lru_cache(maxsize=KEPT_TREES)
def _step_bounds(module: cst.Module) -> frozenset[str]:
    # Half a dozen techniques ask this of the same program in a search round; the alias search walks
    # the whole tree. A held node cannot be another tree (LibCST nodes hash by identity).
    return _bounds(module, find_aliases(module))


def _bounds(module: cst.Module, aliases: Aliases) -> frozenset[str]:
    bounds = (counted_bound(s.iter, aliases) for s in module.body if isinstance(s, cst.For))
    return frozenset(bound.value for bound in bounds if isinstance(bound, cst.Name))


def one_arg_range(node: cst.BaseExpression) -> cst.BaseExpression | None:
    """`N` when `node` is `range(N)`."""
    if not m.matches(node, m.Call(func=m.Name("range"), args=[m.Arg(keyword=None, star="")])):
        return None
    return node.args[0].value  # type: ignore[attr-defined]

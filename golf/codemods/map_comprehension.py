"""map-comprehension (a trial technique): a comprehension that only calls one callable becomes `map`.

`[F(x) for x in XS]` becomes `[*map(F, XS)]`, `{F(x) for x in XS}` becomes `{*map(F, XS)}`, a
generator expression passed to a call, `g(F(x) for x in XS)`, becomes `g(map(F, XS))`, and with
`zip` the loop variables spread over the iterables: `[F(a, b) for a, b in zip(X, Y)]` becomes
`[*map(F, X, Y)]` (`map` stops at the shortest iterable, pulling from them in order, as `zip` does).
A list comprehension that is itself unpacked needs no list of its own: `[a, *[F(x) for x in XS]]`
and `g(*[F(x) for x in XS])` become `[a, *map(F, XS)]` and `g(*map(F, XS))` (not a set
comprehension, whose repeats a list would keep).

It applies to a comprehension with one `for` clause, no `if` and no `async`, whose element is a call
with only positional, unstarred arguments that are exactly the loop variables in target order (all
distinct), and whose callable `F` is a name or an attribute chain of names (`D.index`) that does not
mention a loop variable. It is rewritten only when that is shorter, which it always is.

Why it cannot be proven: the comprehension evaluates `F` once per element, after `XS`, while `map`
evaluates it once, before `XS`. An attribute lookup can run code (a property, `__getattr__`) and its
result can change while the loop runs (the element calls may rebind it), and `XS` could change what
`F` means; only the run can tell whether they do, so the shrink search keeps the result only when
the equivalence check finds it identical. A generator becomes a map object, which iterates the same
but has no `send`, `throw` or `close`: that too only the run can tell.

It refuses what is plainly unsafe: a program that binds `map` (or, for the zip form, `zip`),
star-imports a module outside the standard library (its names are unknown), or reaches names by
strings (`eval`, `globals`, ...); and a callable whose first name is bound in the body of an
enclosing class, since the comprehension's own scope skips the class body but `map(F, ...)` may
be evaluated in it.
"""

from __future__ import annotations

import libcst as cst

from golf.codemods.map_calls import to_map
from golf.codemods.technique import Params, Technique, offered_when_it_applies


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Turn every comprehension that only calls one callable on its loop variables into `map`."""
    return to_map(module, None, "no comprehension only calls one callable on its loop variables")


TECHNIQUE = Technique(
    name="map-comprehension",
    summary="turn `[F(x) for x in XS]` into `[*map(F,XS)]` (trial: kept only when the check finds it identical)",
    transform=transform,
    candidates=offered_when_it_applies(transform),
    trial=True,
)

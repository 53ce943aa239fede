"""inline-value [NAME LINE] (a trial technique): inline-variable with its effects check relaxed.

`q=y(x,W);k=y(x,X);v=y(x,Y);f.append(k);g.append(v)` becomes
`q=y(x,W);f.append(y(x,X));g.append(y(x,Y))`, `Q=I(l);z=choices(range(F),weights=[p.d for p in Q])[0]`
becomes `z=choices(range(F),weights=[p.d for p in I(l)])[0]`, and `a=.01*(1-B/d)` before
`for p in G:p.d-=a*p.m` becomes `for p in G:p.d-=.01*(1-B/d)*p.m`.

inline-variable moves a single-use variable's value to its read only when nothing evaluated on the
way could tell: when the value calls code, it may pass nothing but name bindings. Here the value may
also move past calls, method lookups, operators and loads, in the statements between the assignment
and the read and before the read in its own statement. Whether the calls are independent, which the
source cannot show (`y(x,X)` and `y(x,Y)` each build autograd nodes, which is order-insensitive only
because of what `y` does), is what the equivalence check decides: a call passed could change what the
value reads (a list it indexes, an attribute), or the value's calls could change what the passed code
sees, or the order of printed output, random draws or the autograd graph's order could change the
gradients' rounding. The shrink search keeps a result only when the check finds it identical, on its
steps and data. A call passed that plainly could change what the value reads is still refused: a
method call on a variable the value reads (`l.pop(0)` past `x=l[0]`), or a method or a function the
program does not define (a builtin, an import) given such a variable (`shuffle(l)`); a call of a
function the program defines (`def`, `class`, `NAME=lambda ...`) is left to the check.

The value may also move into the body of a `for` or `while` loop that follows in the same statement
list (with only simple statements in between, which bind none of the names it reads), where it is
evaluated on every iteration instead of once: only when evaluating it again gives the same value and
does nothing, which inline-variable's analysis shows when the value is names and constants joined by
arithmetic on numbers (`_inline_effects`), builds no list, set, dict, tuple or lambda, and reads no
name the loop binds, deletes or declares (its target, assignments, walruses, `del`, ... in it).
An exception such a value raises would come at the first iteration instead (or never, for a loop
that does not run); the check decides that too.

Likewise the value may move into a comprehension's element, conditions or later `for`s, evaluated
once per element instead of once: `s=q[b:b+4];w=[sum(map(M,s,t))for t in f]` becomes
`w=[sum(map(M,q[b:b+4],t))for t in f]`, and `m=[a[b]for a in g]` moves into
`[sum(zip(w,m))for j in R]`. The value must make no call and store nothing (operators, attribute,
index and slice loads are allowed) and build no object but a list comprehension whose parts obey the
same rules (`_inline_effects` shows it only iterates), and read no name bound by the comprehensions
around the read or by the reading statement (it would read their variable instead). The
comprehension must run once where it stands (not in a lambda, after `and`/`or`, in a branch of
`a if c else b`), and a generator expression around the read must be consumed on the spot by a
builtin like `sum`. As a slice or a list comprehension gives a new object each time, the read must
only be iterated, indexed, have an attribute loaded or be an operand there (unless the value is a
number). The statements in between obey the rules above, and nothing in the reading statement (but
its own targets, stored last) stores, binds with `:=` or plainly changes what the value reads. That
each evaluation gives an equal value, and that the new objects' identities do not matter, is what the
check decides.

Every other guard of inline-variable holds: one plain target, read once where it is evaluated once
(or, in a loop body or a comprehension, once per run of its statement or element), the names the
value reads not bound in between, only simple statements in between, no store to an attribute or
index in between or before the read when the value calls code or reads state, no move out of a
loop, no read by another function, the program-wide blockers (`try`, `global`, `eval`, ...) and the
loss expression golf's checker records.
Inlining always saves bytes: it drops `NAME=` and a separator and writes the value for the name,
adding at most two parentheses. Candidates are the assignments only this relaxed check allows (those
inline-variable takes exactly are left to it), one per assignment, then all of them at once.
"""

from __future__ import annotations

import libcst as cst

from golf.codemods.inlining import inlinable, inline
from golf.codemods.technique import Param, Params, Technique


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Inline the variable `name` assigned on `line` (without them, every one that can be), moving past calls."""
    return inline(module, params, relaxed=True)


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    """One parameter set per assignment only the relaxed check allows, then all of them at once."""
    exact = inlinable(module)
    each = [p for p in inlinable(module, relaxed=True) if p not in exact]
    return each + [{}] if len(each) > 1 else each


TECHNIQUE = Technique(
    name="inline-value",
    summary="replace a variable assigned once and read once by its expression, moving it past calls "
    "(trial: kept only when the equivalence check finds the program identical)",
    transform=transform,
    params=(
        Param("name", "the variable to inline (default: every one that can be)", default=""),
        Param("line", "the line of its assignment (default: every assignment of name)", default=""),
    ),
    candidates=_candidates,
    trial=True,
)

"""inline-variable [NAME LINE]: replace a variable assigned once and read once by its expression.

`z=o["wte"][s];A=o["wpe"][w];x=[t+p for t,p in zip(z,A)]` becomes
`x=[t+p for t,p in zip(o["wte"][s],o["wpe"][w])]`, and a chain `x=J(x);x=y(x,W)` becomes
`x=y(J(x),W)`. The expression is still evaluated once, by the same operations on the same
operands: it only moves to where its value was used, in parentheses unless the syntax tree is
the same without them, so the arithmetic and its rounding stay exact. The move is exact when
nothing on the way can tell, which it checks:

- `NAME = EXPR` has one plain name target, and NAME is read once, later in the same statement
  list, in a simple statement or a `for`/`if` header, where Python evaluates it exactly once
  (not in a lambda, a comprehension other than its first iterable, a loop body, after
  `and`/`or`, in a branch of `a if c else b`);
- that value reaches no other read: the statement list assigns NAME again after the read with
  no `break`/`continue` that could skip it, or each other read comes before the assignment
  (outside any loop) or after another assignment of NAME that always runs in between; no
  nested function or class reads NAME;
- the statements in between are simple ones that bind no name EXPR reads. When EXPR reads
  state (attributes, indexes, operators) they make no call, store no attribute or index and
  use no in-place operator; when EXPR calls anything they only assign names or constants
  to names. Inside the reading statement, what Python evaluates before the read obeys the
  same rules, except that looking up a method (`T.append`) is allowed when the program never
  assigns that attribute. Arithmetic on numbers held in variables is no effect, and a list
  comprehension that only iterates lists is no call but a state read (`_inline_effects`);
- when EXPR does more than read names, no other function reads a name bound in between (a
  function EXPR calls could see the new binding);
- a name EXPR binds with `:=` is bound later, at the read: nothing in between or in the
  reading statement mentions it, no other function reads it, and the read is not in a
  comprehension's first iterable (where Python forbids `:=`).

Operators and attribute or index loads are assumed not to change state (true of numbers,
lists and the program's autograd class). It refuses programs that use `try`, `global`,
`nonlocal`, `globals`, `locals`, `vars`, `eval`, `exec`, `dir`, `setattr` or `delattr`,
assignments in a class body or a `with` block, dunder names and the training loop's step
count, and keeps the receiver of a statement `x.m()` or the argument of `f(x)` a name (golf's
checker records the loss by that expression). A program that crashes between the assignment
and the read may report another exception; its output up to the crash is the same.
Without parameters it inlines every variable it can, until none is left. `inline(..., relaxed=True)`
is the trial inline-value: it lets the value move past calls and, when call-free, into a loop body or
a comprehension's element.
"""

from __future__ import annotations

import libcst as cst

from golf.codemods.inlining import inlinable, inline
from golf.codemods.technique import Param, Params, Technique


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Inline the variable `name` assigned on `line`; without them, every variable that can be, until none is left."""
    return inline(module, params)


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    """One parameter set per inlinable assignment, then all of them at once."""
    each = inlinable(module)
    return each + [{}] if len(each) > 1 else each


TECHNIQUE = Technique(
    name="inline-variable",
    summary="replace a variable assigned once and read once by its expression (refuses when not exact)",
    transform=transform,
    params=(
        Param("name", "the variable to inline (default: every one that can be)", default=""),
        Param("line", "the line of its assignment (default: every assignment of name)", default=""),
    ),
    candidates=_candidates,
)

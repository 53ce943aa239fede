"""inline-constants [NAME]: a module-level name bound once to a literal gets the literal in its place.

`R=4;u=g//R` becomes `u=g//4`, and `W,K,L,X=.01,.85,.99,1e-8` loses `W` and `X` (each read
once) to become `K,L=.85,.99`: every read of the name that resolves to that module-level
binding (LibCST's scopes, so a function's own local of the same name is left alone) is
replaced by the literal, and the binding goes (for a tuple assignment whose right side is a
tuple display of the same length, only its element on both sides; one element left becomes
a plain assignment). It does so only when that saves bytes: the binding's `NAME=LIT` and a
separator go, and each read costs `len(LIT) - len(NAME)`.

Why it is exact: the literal (an int, a float or a string, not an f-string; `-1` is an
operation, not a literal) evaluates to an equal immutable object each time, and the name
could only ever hold that value: it is bound once, by a statement directly in the module
body (so not in a loop or a branch), and nothing else binds, deletes or declares it at
module level (no augmented assignment, `for`, import, star import exporting it, `def`,
walrus, `del`, `global` or `nonlocal` anywhere); every read comes after the binding in the
module's statement order (a function defined earlier could otherwise run before it and
raise NameError). Floats built twice may be distinct objects, which only `is` can tell, so
a read that is an operand of `is` or `is not` is refused.

It refuses a read whose substitution would need parentheses or parse differently: `NAME.attr`
(`4.real`), `NAME(...)`, `NAME[...]`, a read in an f-string's format spec or a `{NAME=}`
expression, a string read inside an f-string (its quotes could clash), a string read that
is a statement of its own (it could become a docstring), and a read in an annotation. It
refuses names a class body binds (a class body reads its own names first), the training
loop's step count (the checker rewrites its assignment), and programs that use `globals`,
`locals`, `vars`, `eval`, `exec`, `dir`, `__dict__`, `__main__`, `__import__`, `import_module`,
or a frame or function's namespace (`_getframe`, `currentframe`, `f_locals`, `f_globals`,
`__globals__`), which can reach a variable by its name. Reaching the module through
`sys.modules[__name__]` is not detected: a program that reads its own globals that way is out of scope.

The helpers here (`NameReads`, `substitution_problem`, `Substitute`) also serve
drop-defaults, which puts a parameter's literal default in its reads.
"""

from __future__ import annotations

import libcst as cst

from golf.codemods._statements import edit_statements
from golf.codemods.constants import (
    Constant,
    ConstantsAnalysis,
    Substitute,
)
from golf.codemods.technique import Param, Params, Refuse, Technique


def _smaller(assign: cst.Assign, drop: set[int | None]) -> cst.Assign | None:
    """`assign` without the elements in `drop` (None: the whole assignment), or None when nothing is left."""
    if None in drop:
        return None
    target, value = assign.targets[0].target, assign.value
    kept = [k for k in range(len(value.elements)) if k not in drop]  # type: ignore[attr-defined]
    if not kept:
        return None
    targets = [target.elements[k] for k in kept]  # type: ignore[attr-defined]
    values = [value.elements[k] for k in kept]  # type: ignore[attr-defined]
    if len(kept) == 1:
        return assign.with_changes(
            targets=[assign.targets[0].with_changes(target=targets[0].value.with_changes(lpar=[], rpar=[]))],
            value=values[0].value.with_changes(lpar=[], rpar=[]),
        )
    last = {"comma": cst.MaybeSentinel.DEFAULT}
    targets[-1], values[-1] = targets[-1].with_changes(**last), values[-1].with_changes(**last)
    return assign.with_changes(
        targets=[assign.targets[0].with_changes(target=target.with_changes(elements=targets))],
        value=value.with_changes(elements=values),
    )


class _Inline(Substitute):
    """Put each constant's literal in its reads and shrink or mark its assignment."""

    def __init__(self, constants: list[Constant]) -> None:
        super().__init__({read: c.value for c in constants for read in c.reads})
        self.drop: dict[cst.Assign, set[int | None]] = {}
        for constant in constants:
            self.drop.setdefault(constant.assign, set()).add(constant.element)
        self.removed: list[cst.Assign] = []

    def leave_Assign(self, original_node: cst.Assign, updated_node: cst.Assign) -> cst.Assign:
        if original_node not in self.drop:
            return updated_node
        smaller = _smaller(updated_node, self.drop[original_node])
        if smaller is None:
            self.removed.append(updated_node)  # kept as is here, removed with its layout below
            return updated_node
        return smaller


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Inline the constant `name`, or (without it) every constant whose inlining saves bytes."""
    name = params.get("name", "")
    analysis = ConstantsAnalysis(module)
    found, reasons = analysis.constants()
    chosen = [c for c in found if c.name == name] if name else found
    if not chosen:
        if name:
            raise Refuse(reasons.get(name, f"{name} is not a module-level name bound to a literal"))
        raise Refuse("no module-level constant can be inlined exactly with a saving")
    inline = _Inline(chosen)
    new = analysis.module.visit(inline)
    return edit_statements(new, dict.fromkeys(inline.removed))


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    """Every constant at once, then each one alone."""
    try:
        found, _ = ConstantsAnalysis(module).constants()
    except Refuse:
        return []
    each = [{"name": c.name} for c in found]
    return [{}, *each] if len(each) > 1 else [{}] if each else []


TECHNIQUE = Technique(
    name="inline-constants",
    summary="replace a module-level name bound once to a literal by the literal, when that saves bytes",
    transform=transform,
    params=(Param("name", "the constant to inline (default: every one that saves bytes)", default=""),),
    candidates=_candidates,
)

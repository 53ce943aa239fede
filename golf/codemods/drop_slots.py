"""drop-slots: remove `__slots__ = (...)` from classes.

`__slots__` only decides where an instance keeps its attributes (and forbids new ones); the
values, the arithmetic on them and its order do not change, so the results stay exact.
What can change is behaviour that depends on the forbidding: setting an attribute that is
not in the slots raises AttributeError with them and succeeds without. So it refuses when
the program could observe that: it has a `try` statement, reads `__slots__` or `__dict__`,
calls `getattr`, `setattr`, `hasattr`, `delattr`, `vars` or `dir`, or the class has bases
or subclasses (a slotted base changes what the subclass stores). Instances get larger and
a little slower, which the workbench does not compare.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m

from golf.codemods.technique import Params, Refuse, Technique

_INTROSPECTION = frozenset({"getattr", "setattr", "hasattr", "delattr", "vars", "dir", "__dict__"})


def _is_slots(statement: cst.BaseSmallStatement) -> bool:
    return m.matches(statement, m.Assign(targets=[m.AssignTarget(m.Name("__slots__"))]))


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Remove every class's `__slots__` assignment, unless the program could notice."""
    if m.findall(module, m.Try() | m.TryStar()):
        raise Refuse("the program has a try statement, which could catch the AttributeError slots raise")
    names = {n.value for n in m.findall(module, m.Name())}
    reads = (names & _INTROSPECTION) | (
        {"__slots__"} if m.findall(module, m.Attribute(attr=m.Name("__slots__"))) else set()
    )
    if reads:
        raise Refuse(f"the program uses {', '.join(sorted(reads))}, which can tell slots from a __dict__")
    classes = m.findall(module, m.ClassDef())
    based = {c.name.value for c in classes if c.bases}
    bases = {b.value.value for c in classes for b in c.bases if isinstance(b.value, cst.Name)}
    changed = 0

    class _Drop(cst.CSTTransformer):
        def leave_ClassDef(self, original_node: cst.ClassDef, updated_node: cst.ClassDef) -> cst.ClassDef:
            nonlocal changed
            if not isinstance(updated_node.body, cst.IndentedBlock):
                return updated_node
            name = updated_node.name.value
            body = []
            for line in updated_node.body.body:
                if isinstance(line, cst.SimpleStatementLine) and any(_is_slots(s) for s in line.body):
                    if name in based or name in bases:
                        raise Refuse(f"class {name} has a base or a subclass")
                    kept = [s for s in line.body if not _is_slots(s)]
                    changed += 1
                    if kept:
                        kept[-1] = kept[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
                        body.append(line.with_changes(body=kept))
                    continue
                body.append(line)
            body = body or [cst.SimpleStatementLine([cst.Pass()])]
            return updated_node.with_changes(body=updated_node.body.with_changes(body=body))

    new = module.visit(_Drop())
    if not changed:
        raise Refuse("no class sets __slots__")
    return new


TECHNIQUE = Technique(
    name="drop-slots",
    summary="remove classes' __slots__ (refuses when the program could notice)",
    transform=transform,
)

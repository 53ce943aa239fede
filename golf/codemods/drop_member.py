"""drop-member (a trial technique): remove one member of a class, `member=Class.name`.

The member is a method (`def name(...)`, with its decorators) or a class-level assignment
(`name = ...`, `__rsub__ = lambda ...`, `__add__ = _operation(...)`, one target of
`g = m = v = 0`), also when it shares a `;`-joined line with other members. Python finds
operator methods at run time: whether `a - b` ever meets a number on the left, and so
calls `__rsub__`, depends on the values flowing through the program, and `sum()` calls
`__radd__` without any `+` in sight. So no reading of the source can prove a member
unused, and this technique does not claim exactness: it is a trial (`trial=True`). The
shrink search tries each member and keeps a removal only when the equivalence check finds
the program identical on its steps and data; a member needed only on other inputs (say,
`__rsub__` when some document is empty) would not be caught there, so the check's data and
step count are what the result is exact for. In original.py `__rsub__` and `__rtruediv__`
are never called and go; `__radd__` is called through `sum()`, and the check rejects its
removal.

It refuses a member the class body itself reads (`__radd__ = __add__` needs `__add__`
while the class is being built), a name bound in a tuple assignment, and an ambiguous or
unknown class or member. Members not named are left alone; whatever only the dropped
member used becomes unused, for drop-unused.
"""

from __future__ import annotations

import libcst as cst
import libcst.matchers as m
from libcst.metadata import ClassScope, ScopeProvider

from golf.codemods._statements import block_statements, edit_statements, member_names
from golf.codemods.program import metadata
from golf.codemods.technique import Param, Params, Refuse, Technique, class_member


def _members(module: cst.Module) -> list[tuple[str, str]]:
    """(class, member) for every member of every class whose name is used by one class only."""
    classes = [c for c in m.findall(module, m.ClassDef()) if isinstance(c, cst.ClassDef)]
    names = [c.name.value for c in classes]
    found: list[tuple[str, str]] = []
    for cls in classes:
        if names.count(cls.name.value) != 1:
            continue
        for statement in block_statements(cls.body):
            for name in member_names(statement):
                if (cls.name.value, name) not in found:
                    found.append((cls.name.value, name))
    return found


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Remove the member `params["member"]` ("Class.name") from its class."""
    class_name, name = class_member(params["member"])
    wrapper = metadata(module)
    tree = wrapper.module
    classes = [c for c in m.findall(tree, m.ClassDef(name=m.Name(class_name))) if isinstance(c, cst.ClassDef)]
    if len(classes) != 1:
        raise Refuse(f"{'no' if not classes else 'more than one'} class named {class_name}")
    cls = classes[0]
    scopes = {s for s in wrapper.resolve(ScopeProvider).values() if isinstance(s, ClassScope) and s.node is cls}
    if any(a.name == name and a.references for s in scopes for a in s.assignments):
        raise Refuse(f"the body of {class_name} reads {name} while the class is built")
    edits: dict[cst.CSTNode, cst.CSTNode | None] = {}
    for statement in block_statements(cls.body):
        if name not in member_names(statement):
            if isinstance(statement, cst.Assign) and any(
                isinstance(t.target, cst.Tuple | cst.List) and m.findall(t.target, m.Name(name))
                for t in statement.targets
            ):
                raise Refuse(f"{class_name}.{name} is bound in a tuple assignment")
            continue
        if isinstance(statement, cst.Assign) and len(statement.targets) > 1:
            kept = [t for t in statement.targets if not m.matches(t.target, m.Name(name))]
            edits[statement] = statement.with_changes(targets=kept) if kept else None
        else:
            edits[statement] = None
    if not edits:
        raise Refuse(f"{class_name} has no member {name}")
    return edit_statements(tree, edits)


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    # `__init__` builds every instance: without it the program cannot run the same.
    return [{"member": f"{cls}.{name}"} for cls, name in _members(module) if name != "__init__"]


TECHNIQUE = Technique(
    name="drop-member",
    summary="remove one class member (trial: kept only when the equivalence check finds the program identical)",
    transform=transform,
    params=(Param("member", "the member to remove, as Class.name"),),
    candidates=_candidates,
    trial=True,
)

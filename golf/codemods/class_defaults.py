"""class-defaults (a trial technique): constant per-instance initialisations become class attributes,
`class=NAME`.

Two sources feed the class NAME (defined once, at module level):

1. In its `__init__`, a statement `self.X = LIT` in the top-level statement list (`self` the first
   parameter, LIT an immutable literal: a number, a string or bytes, True, False, None, or a tuple
   of those) is removed, and the class body gets `X = LIT`:
   `def __init__(a,b):a.d=b;a.g=0` becomes `def __init__(a,b):a.d=b` with `g=0` in the class.
2. A module-level loop `for p in G: p.X = p.Y = LIT` (its body only such assignments of literals
   to attributes of the loop variable, possibly `;`-joined) is removed, and the class body gets
   `X = Y = LIT` (`for p in u:p.m=p.v=0.` becomes `m=v=0.`).

The new attributes share one line: appended to the class body's first simple-statement line
(`__add__=...;g=0;m=v=0.`), else a new first line; attributes with the same literal text share
one chained assignment. With `numbers=value`, attributes set to equal numbers share one, with
the shortest literal (`g=m=v=0`): an int where a float was, which the check must accept (`0.85*0`
is the float `0.0` just as `0.85*0.` is, but `str(0)` is not `str(0.)`).

Why it cannot be proven exact, so it is a trial (`trial=True`): reading `obj.X` finds the
instance attribute the statement or the loop set, or, once they are gone, the class attribute,
which holds the same value; and `p.X += ...` or `p.X = ...` later gives the instance its own
attribute just as before. That holds only if every instance reaching those reads was made by
this class (not a subclass or a base defining X otherwise), nothing lists an instance's
attributes (`vars(obj)`, `__dict__`), the loop's G held exactly instances of this class, no
instance had X before the loop set it, and nothing reads X between where the class attribute
now appears and where the instance attribute used to (an AttributeError before, a value now,
which only a program that fails could notice). None of this is in the source; the shrink
search keeps the result only when the equivalence check finds the program identical. LIT is
immutable, so sharing one object among all instances changes nothing.

What it refuses: a class with `__slots__` (instances could not shadow the class attribute, so
the first `p.X += ...` would fail), with a `__setattr__` or `__getattribute__`, or with keywords
(`metaclass=`); a program naming `__dict__`, `dir`, `vars`, `hasattr`, `setattr`, `delattr`,
`eval`, `exec`, `globals` or `locals`, or deleting any attribute X. Per attribute, it leaves in
place (and refuses when nothing is left): an X the class body binds or reads while the class is
built; an X two sources set; from `__init__`, a decorated, async or parameterless `__init__`,
an X it stores more than once, or one whose statement comes after a statement that reads
`.X` or rebinds `self`; from a loop, one with `else`, a target other than a name or an
iterable other than a name, an X stored anywhere before the loop (functions defined there included), and a
loop variable read afterwards (it leaks the last element) other than in the body of a later
`for` of the same name at module level, or read by a function.
"""

from __future__ import annotations

import ast
from collections.abc import Sequence
from dataclasses import dataclass

import libcst as cst
import libcst.matchers as m
from libcst.metadata import (
    ClassScope,
    ComprehensionScope,
    FunctionScope,
    GlobalScope,
    ParentNodeProvider,
    ScopeProvider,
)

from golf.codemods._statements import block_statements, edit_statements, member_names
from golf.codemods.names import NAMES_AS_STRINGS, all_names, bindings, local_binding_scope, variable_names
from golf.codemods.program import metadata
from golf.codemods.technique import Param, Params, Refuse, Technique
from golf.codemods.tree import ancestors

#: Names that list, test or change attributes behind the rewrite's back.
_BLOCKERS = NAMES_AS_STRINGS | {"__dict__", "dir", "hasattr", "setattr", "delattr"}
#: Members that see every attribute store, which the removed statements no longer make.
_HOOKS = {"__slots__", "__setattr__", "__getattribute__"}
_TIGHT = cst.SimpleWhitespace("")
_SEMICOLON = cst.Semicolon(whitespace_before=_TIGHT, whitespace_after=_TIGHT)


def _immutable_literal(node: cst.BaseExpression) -> bool:
    """True for a number, a plain string or bytes, True/False/None, or a tuple of those."""
    if isinstance(node, cst.Integer | cst.Float | cst.Imaginary | cst.SimpleString):
        return True
    if isinstance(node, cst.Name):
        return node.value in ("True", "False", "None")
    if isinstance(node, cst.UnaryOperation):
        return isinstance(node.operator, cst.Minus) and isinstance(node.expression, cst.Integer | cst.Float)
    if isinstance(node, cst.ConcatenatedString):
        return _immutable_literal(node.left) and _immutable_literal(node.right)
    if isinstance(node, cst.Tuple):
        return all(isinstance(e, cst.Element) and _immutable_literal(e.value) for e in node.elements)
    return False


def _attribute_of(target: cst.BaseExpression, owner: str) -> str | None:
    """X when `target` is `owner.X`."""
    if m.matches(target, m.Attribute(value=m.Name(owner), attr=m.Name())):
        return target.attr.value  # type: ignore[attr-defined]
    return None


def _stores(node: cst.CSTNode, attribute: str) -> list[cst.CSTNode]:
    """Every store, update or deletion of `ANY.attribute` in `node`."""
    store = m.Attribute(attr=m.Name(attribute))
    targets = m.AssignTarget(target=store) | m.AugAssign(target=store) | m.AnnAssign(target=store)
    nested = m.AssignTarget(target=m.Tuple() | m.List()) | m.For(target=m.Tuple() | m.List())
    found = list(m.findall(node, targets | m.For(target=store) | m.CompFor(target=store) | m.Del(target=store)))
    found += [n for n in m.findall(node, nested) if m.findall(n.target, store)]  # type: ignore[attr-defined]
    return found


def _reads(node: cst.CSTNode, attribute: str) -> bool:
    """True when `node` mentions `.attribute` at all (a read, or a store that might also read)."""
    return bool(m.findall(node, m.Attribute(attr=m.Name(attribute))))


@dataclass
class _Default:
    """One attribute bound to a literal by a removable statement."""

    attribute: str
    value: cst.BaseExpression
    #: The statement to remove (an `Assign` in `__init__`, or the whole loop).
    statement: cst.CSTNode
    source: str

    @property
    def text(self) -> str:
        return cst.Module([]).code_for_node(self.value)


class _Program:
    """The module with its scopes and parents."""

    def __init__(self, module: cst.Module, class_name: str) -> None:
        wrapper = metadata(module)
        self.tree = wrapper.module
        self.scopes = wrapper.resolve(ScopeProvider)
        self.parents = wrapper.resolve(ParentNodeProvider)
        if _BLOCKERS & all_names(self.tree):
            raise Refuse(f"the program uses {', '.join(sorted(_BLOCKERS & all_names(self.tree)))}")
        classes = [c for c in m.findall(self.tree, m.ClassDef(name=m.Name(class_name))) if isinstance(c, cst.ClassDef)]
        if len(classes) != 1 or classes[0] not in self.tree.body:
            raise Refuse(f"no single module-level class named {class_name}")
        self.cls = classes[0]
        if self.cls.keywords:
            raise Refuse(f"{class_name} has keywords (a metaclass could see attribute stores)")
        self.members = [name for statement in block_statements(self.cls.body) for name in member_names(statement)]
        if _HOOKS & set(self.members):
            raise Refuse(f"{class_name} defines {', '.join(sorted(_HOOKS & set(self.members)))}")
        self.class_scope = next(s for s in self.scopes.values() if isinstance(s, ClassScope) and s.node is self.cls)

    def class_time_use(self, name: str) -> bool:
        """True when the class body binds `name` or reads it while the class is built."""
        if self.class_scope.assignments[name]:
            return True
        for node in variable_names(self.cls.body):
            if node.value != name:
                continue
            scope = self.scopes.get(node)
            while scope is not None and scope is not self.class_scope and not isinstance(scope, FunctionScope):
                scope = scope.parent
            if not isinstance(scope, FunctionScope):
                return True
        return False

    def ancestors(self, node: cst.CSTNode) -> list[cst.CSTNode]:
        return ancestors(self.parents, node)


def _from_init(program: _Program, skipped: list[str]) -> list[_Default]:
    """`self.X = LIT` statements at the top of `__init__`."""
    inits = [s for s in block_statements(program.cls.body) if m.matches(s, m.FunctionDef(name=m.Name("__init__")))]
    if len(inits) != 1 or program.members.count("__init__") != 1:
        return []
    init = inits[0]
    assert isinstance(init, cst.FunctionDef)
    first = [*init.params.posonly_params, *init.params.params]
    if init.decorators or init.asynchronous or not first:
        skipped.append("__init__ is decorated, async or has no first parameter")
        return []
    owner = first[0].name.value
    lines = init.body.body if isinstance(init.body, cst.IndentedBlock) else [init.body]
    statements: list[cst.CSTNode] = []
    for line in lines:  # the top-level statement list, `;`-joined parts each on their own
        statements += line.body if isinstance(line, cst.SimpleStatementLine | cst.SimpleStatementSuite) else [line]
    found = []
    for index, statement in enumerate(statements):
        if not (isinstance(statement, cst.Assign) and len(statement.targets) == 1):
            continue
        attribute = _attribute_of(statement.targets[0].target, owner)
        if attribute is None or not _immutable_literal(statement.value):
            continue
        earlier = statements[:index]
        if len(_stores(init, attribute)) != 1:
            skipped.append(f"__init__ stores .{attribute} more than once")
        elif any(_reads(s, attribute) for s in earlier):
            skipped.append(f"__init__ mentions .{attribute} before setting it")
        elif any(name == owner for s in earlier for name, _ in bindings(s)):
            skipped.append(f"__init__ rebinds {owner} before setting .{attribute}")
        else:
            found.append(_Default(attribute, statement.value, statement, "__init__"))
    return found


def _loop_assignments(loop: cst.For) -> list[tuple[str, cst.BaseExpression]] | None:
    """(X, LIT) for each `p.X = LIT` in a loop whose body is only such assignments, else None."""
    if not isinstance(loop.target, cst.Name) or loop.orelse or loop.asynchronous:
        return None
    lines = loop.body.body if isinstance(loop.body, cst.IndentedBlock) else [loop.body]
    found = []
    for line in lines:
        if not isinstance(line, cst.SimpleStatementLine | cst.SimpleStatementSuite):
            return None
        for statement in line.body:
            if not isinstance(statement, cst.Assign) or not _immutable_literal(statement.value):
                return None
            for target in statement.targets:
                attribute = _attribute_of(target.target, loop.target.value)
                if attribute is None:
                    return None
                found.append((attribute, statement.value))
    return found


def _leaks(program: _Program, loop: cst.For) -> str | None:
    """Why the loop variable's last value may be read after the loop, or None when it is not."""
    name = loop.target.value  # type: ignore[attr-defined]
    module_scope = program.scopes[loop]
    assert isinstance(module_scope, GlobalScope)
    if any(name in {n.value for n in d.names} for d in m.findall(program.tree, m.Global() | m.Nonlocal())):  # type: ignore[attr-defined]
        return f"a function declares {name} global"
    if any(name in [n.value for n in variable_names(d)] for d in m.findall(program.tree, m.Del())):
        return f"the program deletes {name}"
    after = program.tree.body[program.tree.body.index(loop) + 1 :]
    reads = {access for binding in module_scope.assignments[name] for access in binding.references}
    for access in reads | set(module_scope.accesses[name]):
        if local_binding_scope(access.scope, name) is not None:
            continue  # LibCST links a comprehension's own variable to the module's
        runs_in = access.scope
        while isinstance(runs_in, ComprehensionScope):
            runs_in = runs_in.parent
        if runs_in is not module_scope:
            return f"a function or class reads the loop variable {name}"
        ancestors = program.ancestors(access.node)
        if not any(top in ancestors for top in after):
            continue  # at module level before the loop
        rebound = any(
            isinstance(outer, cst.For) and m.matches(outer.target, m.Name(name)) and outer.body in ancestors
            for outer in ancestors
        )
        if not rebound:
            return f"the loop variable {name} is read after the loop"
    return None


def _from_loops(program: _Program, skipped: list[str]) -> list[_Default]:
    """Module-level `for p in G: p.X = p.Y = LIT` loops."""
    found = []
    for index, loop in enumerate(program.tree.body):
        if not isinstance(loop, cst.For) or not isinstance(loop.iter, cst.Name):
            continue
        assignments = _loop_assignments(loop)
        if not assignments:
            continue
        attributes = [a for a, _ in assignments]
        if len(set(attributes)) != len(attributes):
            skipped.append(f"the loop over {loop.iter.value} sets an attribute twice")
            continue
        before = program.tree.body[:index]
        stored = [a for a in attributes if any(_stores(s, a) for s in before)]
        if stored:
            skipped.append(f"{', '.join('.' + a for a in stored)} stored before the loop over {loop.iter.value}")
            continue
        leak = _leaks(program, loop)
        if leak:
            skipped.append(leak)
            continue
        found += [_Default(a, value, loop, f"loop over {loop.iter.value}") for a, value in assignments]
    return found


def _class_line(defaults: Sequence[_Default], by_value: bool) -> list[cst.BaseSmallStatement]:
    """`X = Y = LIT` per literal text (or, `by_value`, per number value, with its shortest literal),
    in first-appearance order."""
    groups: dict[object, list[_Default]] = {}
    for default in defaults:
        groups.setdefault(_number(default.value) if by_value else default.text, []).append(default)
    return [
        cst.Assign(
            targets=[
                cst.AssignTarget(cst.Name(d.attribute), whitespace_before_equal=_TIGHT, whitespace_after_equal=_TIGHT)
                for d in group
            ],
            value=min(group, key=lambda d: len(d.text)).value,
        )
        for group in groups.values()
    ]


def _number(value: cst.BaseExpression) -> object:
    """An int or float literal's value (`0` and `0.` alike: equal numbers hash equal), else its text."""
    if isinstance(value, cst.Integer | cst.Float):
        return ast.literal_eval(value.value)
    return cst.Module([]).code_for_node(value)


def _joined(
    old: Sequence[cst.BaseSmallStatement], new: Sequence[cst.BaseSmallStatement]
) -> list[cst.BaseSmallStatement]:
    """`old` and then `new` on one line, `;`-joined without spaces where no separator was written."""
    statements = [*old, *new]
    return [
        s.with_changes(semicolon=_SEMICOLON)
        if i < len(statements) - 1 and s.semicolon == cst.MaybeSentinel.DEFAULT
        else s
        for i, s in enumerate(statements)
    ]


def _add_members(cls: cst.ClassDef, new: list[cst.BaseSmallStatement]) -> cst.ClassDef:
    """`cls` with `new` appended to its first simple-statement line, or on a new first line."""
    if isinstance(cls.body, cst.SimpleStatementSuite):
        return cls.with_changes(body=cls.body.with_changes(body=_joined(cls.body.body, new)))
    lines = list(cls.body.body)
    for index, line in enumerate(lines):
        if isinstance(line, cst.SimpleStatementLine):
            lines[index] = line.with_changes(body=_joined(line.body, new))
            break
    else:
        lines.insert(0, cst.SimpleStatementLine(_joined([], new)))
    return cls.with_changes(body=cls.body.with_changes(body=lines))


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Move the literal initialisations of the class `params["class"]`'s instances into the class."""
    class_name = params["class"]
    program = _Program(module, class_name)
    skipped: list[str] = []
    defaults = _from_init(program, skipped) + _from_loops(program, skipped)
    sources: dict[str, list[_Default]] = {}
    for default in defaults:
        sources.setdefault(default.attribute, []).append(default)
    kept = []
    for default in defaults:
        if len(sources[default.attribute]) > 1:
            where = " and ".join(d.source for d in sources[default.attribute])
            skipped.append(f".{default.attribute} is set by {where}")
        elif program.class_time_use(default.attribute):
            skipped.append(f"the body of {class_name} binds or reads {default.attribute}")
        elif any(m.findall(program.tree, m.Del(target=m.Attribute(attr=m.Name(default.attribute))))):
            skipped.append(f"the program deletes .{default.attribute}")
        else:
            kept.append(default)
    # A loop goes only when every attribute it sets can move.
    dropped_loops = {d.statement for d in defaults if d not in kept and isinstance(d.statement, cst.For)}
    kept = [d for d in kept if d.statement not in dropped_loops]
    if not kept:
        raise Refuse("; ".join(dict.fromkeys(skipped)) or f"no literal initialisation of {class_name} instances")
    tree = edit_statements(program.tree, {d.statement: None for d in kept})
    index = next(i for i, s in enumerate(tree.body) if m.matches(s, m.ClassDef(name=m.Name(class_name))))
    body = list(tree.body)
    by_value = params.get("numbers", "text") == "value"
    body[index] = _add_members(body[index], _class_line(kept, by_value))  # type: ignore[arg-type]
    return tree.with_changes(body=body)


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    names = [s.name.value for s in module.body if isinstance(s, cst.ClassDef)]
    return [
        {"class": s.name.value, **numbers}
        for s in module.body
        for numbers in ({}, {"numbers": "value"})
        if isinstance(s, cst.ClassDef)
        and names.count(s.name.value) == 1
        and "__slots__" not in {n for statement in block_statements(s.body) for n in member_names(statement)}
    ]


TECHNIQUE = Technique(
    name="class-defaults",
    summary="literal initialisations of instances (in __init__, or by a loop) become class attributes (trial)",
    transform=transform,
    params=(
        Param("class", "the class receiving the attributes"),
        Param("numbers", "`value`: attributes set to equal numbers (0 and 0.) share one literal, the shortest", "text"),
    ),
    candidates=_candidates,
    trial=True,
)

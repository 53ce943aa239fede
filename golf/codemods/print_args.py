"""print-args: `print(f"text: {expr}")` becomes `print("text:",expr)`.

`print` writes its arguments' `str()` joined by one space (its default `sep`). An f-string
writes its values' `format(value, "")`, which is `str(value)` for ints, floats, strings and
every object that does not define its own `__format__`. So when each value of the f-string
has a literal space (or the string's start or end) on each side, one such space becomes
print's separator and the value one of its arguments: `f"loss: {x} end"` becomes
`"loss:",x,"end"`, `f"{x}"` becomes `x`, and further spaces stay in the text. The bytes written are the same
(print writes them in several `write` calls instead of one, which stdout does not show).

It leaves a value alone that has a format spec (`{x:4d}`), a `!r`/`!a` conversion or the
`{x=}` form (`!s` is kept exact: print calls `str()` itself), and a call with `sep=` or
`**kwargs`; other keywords (`end=`, `file=`) are kept. It refuses when the name `print` is
bound or used other than as a call, and when the program defines a `__format__`. An
object whose `__format__` differs from its `__str__` would print differently; the
technique cannot see types, so for an imported type that does so (some enums with a
mixed-in type, say) the search's equivalence check is what guards that case. With several values, the f-string formats
each value before evaluating the next one while print evaluates all its arguments first;
so every value after the first, and every argument after the f-string, must be a plain
read (names, attributes, constants) that cannot change an earlier value.
"""

from __future__ import annotations

import ast

import libcst as cst
import libcst.matchers as m

from golf.codemods.names import all_names, variable_names
from golf.codemods.technique import Params, Refuse, Technique

#: What a value after the first may be made of: reads that cannot change an earlier value.
_PLAIN_READ = m.Name() | m.Attribute() | m.Integer() | m.Float() | m.SimpleString()


def _is_plain_read(node: cst.BaseExpression) -> bool:
    if isinstance(node, cst.Attribute):
        return _is_plain_read(node.value)
    return m.matches(node, _PLAIN_READ)


def _literal(text: str, quote: str) -> cst.SimpleString:
    """A string literal for `text`, in the f-string's own quotes when that needs no escape."""
    plain = text.isprintable() and "\\" not in text and quote[0] not in text
    code = f"{quote}{text}{quote}" if plain else repr(text)
    if ast.literal_eval(code) != text:  # the one thing this function must get right
        raise AssertionError(f"cannot write {text!r} as a literal")
    return cst.SimpleString(code)


def _pieces(fstring: cst.FormattedString) -> list[cst.BaseExpression] | None:
    """print's arguments for `fstring`, or None when it does not have the required shape."""
    joined = ast.parse(cst.Module([]).code_for_node(fstring), mode="eval").body
    assert isinstance(joined, ast.JoinedStr)
    if len(joined.values) != len(fstring.parts):
        return None
    texts: list[str] = [""]  # the literal text before each value, and the text after the last
    values: list[cst.BaseExpression] = []
    for part, decoded in zip(fstring.parts, joined.values, strict=True):
        if isinstance(part, cst.FormattedStringText) and isinstance(decoded, ast.Constant):
            texts[-1] += decoded.value
            continue
        if not isinstance(part, cst.FormattedStringExpression) or not isinstance(decoded, ast.FormattedValue):
            return None
        if part.format_spec is not None or part.conversion not in (None, "s") or part.equal is not None:
            return None
        if values and not _is_plain_read(part.expression):
            return None
        values.append(part.expression)
        texts.append("")
    if not values:
        return None
    first, *middle, last = texts
    if first and not first.endswith(" ") or last and not last.startswith(" "):
        return None
    if any(not (text.startswith(" ") and text.endswith(" ")) for text in middle):
        return None
    quote = fstring.end
    pieces: list[cst.BaseExpression] = [_literal(first[:-1], quote)] if first else []
    for index, value in enumerate(values):
        if isinstance(value, cst.Tuple) and not value.lpar:  # `{a, b}` is one tuple, not two arguments
            value = value.with_changes(lpar=[cst.LeftParen()], rpar=[cst.RightParen()])
        pieces.append(value)
        if index < len(middle) and len(middle[index]) > 1:
            pieces.append(_literal(middle[index][1:-1], quote))
    if last:
        pieces.append(_literal(last[1:], quote))
    return pieces


class _SplitPrints(cst.CSTTransformer):
    def __init__(self) -> None:
        self.changed = 0

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        if not m.matches(updated_node.func, m.Name("print")):
            return updated_node
        if any(arg.star == "**" or m.matches(arg.keyword, m.Name("sep")) for arg in updated_node.args):
            return updated_node
        args: list[cst.Arg] = []
        changed = False
        for index, arg in enumerate(updated_node.args):
            pieces = None
            # The values are turned into text when print runs, after the later arguments: so those
            # must be plain reads too (like `end="\r"`).
            later_plain = all(_is_plain_read(later.value) for later in updated_node.args[index + 1 :])
            if isinstance(arg.value, cst.FormattedString) and arg.keyword is None and not arg.star and later_plain:
                pieces = _pieces(arg.value)
            if pieces is None:
                args.append(arg)
                continue
            new = [cst.Arg(piece, comma=cst.Comma()) for piece in pieces]
            new[-1] = new[-1].with_changes(comma=arg.comma)
            old_code = cst.Module([]).code_for_node(arg.value)
            if sum(len(cst.Module([]).code_for_node(a.value)) + 1 for a in new) - 1 >= len(old_code):
                args.append(arg)  # not shorter (cannot happen for the shapes above; kept as a guard)
                continue
            args.extend(new)
            changed = True
        if not changed:
            return updated_node
        self.changed += 1
        return updated_node.with_changes(args=args)


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Split every eligible f-string argument of `print` into print's own arguments."""
    calls = {id(call.func) for call in m.findall(module, m.Call(func=m.Name("print")))}
    if any(n.value == "print" and id(n) not in calls for n in variable_names(module)):
        raise Refuse("the name print is bound or used other than in a call, so it may not be the builtin")
    if "__format__" in all_names(module):
        raise Refuse("the program defines or calls __format__, which may differ from __str__")
    split = _SplitPrints()
    new = module.visit(split)
    if not split.changed:
        raise Refuse("no print call has an f-string argument of the shape `text {value}`")
    return new


def _candidates(module: cst.Module) -> list[dict[str, str]]:
    split = _SplitPrints()
    module.visit(split)
    return [{}] if split.changed else []


TECHNIQUE = Technique(
    name="print-args",
    summary='turn `print(f"text: {x}")` into `print("text:",x)` (print\'s separator is the space)',
    transform=transform,
    candidates=_candidates,
)

"""print-end: `print(S, end=T)` becomes `print(end=S')`, S' being S with T's text appended.

`print(f"loss {x:.4f}",end="\\r")` becomes `print(end=f"loss {x:.4f}\\r")`. S is the call's only
positional argument and is a string literal or an f-string (not bytes), T a string literal whose
text is ASCII, and the call has no other keyword and no `*`/`**` argument. The new literal keeps
S's prefix and quotes and appends T's text escaped for them (a quote or backslash gets a
backslash, a character that is not printable its escape, and in an f-string `{`/`}` are doubled).

Why it is exact: S and T are constants, evaluated in the same order with nothing in between
that could run code; S's value is a `str`, so `str(S)` is S itself. `print(S, end=T)` writes
`str(S)` and then T, `print(end=S')` writes S', whose characters are those two texts one after
the other. The bytes written are the same; what changes is the number of `file.write` calls
(2 becomes 1). The stream (stdout, since `file=` is refused) buffers text the same whether it
arrives in one call or two, and its encoder is incremental, so the bytes are the same. The
encoding could fail: the first write encodes S's text and fails on an unencodable character
either way, before anything of it is written, with the same message (the same character, at the
same position; a run of them ends where it did, T being ASCII). Only the exception's `object`
attribute differs (S, or S and T), which only a program catching the error and reading it
could see. When S's text encodes, T's does too, being ASCII, which the text encodings of
standard streams all encode (a T such as `"\\u00e9"` is refused: under an ASCII stdout
`print("a", end="é")` writes `a` and then raises, where one write would write nothing).
Only an object that counted its `write` calls could tell the rest, and the program cannot
install one on stdout without naming `stdout` or `redirect_stdout`, or reaching the builtins
module, which is refused. What differs is when a line-buffered stream flushes (after S's
newline, before T is written, in one case; after T in the other): only a process that ends
without flushing could show it, so a program naming `_exit` is refused (one killed from
outside, or crashing in C code, could still show it). The literal written is checked against the parse of `S T` (the
implicit concatenation means the same text): an escape that would merge with S's last one
(`"\\1"` then `"2"`) is caught there.

It refuses when the name `print` is bound anywhere in the program (so it may not be the
builtin), when the program could rebind it unseen (it names `builtins`, `__builtins__`,
`__import__`, `importlib`, `modules`, `__self__`, ... or reaches names as strings: `eval`,
`exec`, `globals`, ...: see `surely_builtins`), when it names `stdout`, `redirect_stdout` or
`_exit`, and a raw S whose text cannot hold T's characters without escapes.
"""

from __future__ import annotations

import ast

import libcst as cst
import libcst.matchers as m

from golf.codemods.names import all_names, surely_builtins
from golf.codemods.technique import Params, Refuse, Technique, offered_when_it_applies

#: Names through which a program could replace the stream print writes to, or leave without flushing it.
_STREAM_NAMES = frozenset({"stdout", "redirect_stdout", "_exit"})
#: Escapes for the characters that have a short one.
_SHORT_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\"}


def _escape(char: str, quote: str, raw: bool, fstring: bool) -> str | None:
    """`char` as written inside a literal with quote character `quote`; None when it cannot be."""
    if fstring and char in "{}":
        return char * 2
    plain = char.isprintable() and char != "\\" and char != quote
    if plain:
        return char
    if raw:
        return None  # a raw literal has no escapes
    if char in _SHORT_ESCAPES:
        return _SHORT_ESCAPES[char]
    if char == quote:
        return "\\" + char
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


def _appended(string: cst.SimpleString | cst.FormattedString, text: str) -> str | None:
    """The code of `string` with `text` appended to its value, or None when it cannot be written."""
    old = cst.Module([]).code_for_node(string.with_changes(lpar=[], rpar=[]))
    if isinstance(string, cst.SimpleString):
        prefix, quote = string.prefix, string.quote
    else:
        prefix, quote = string.start[: -len(string.end)], string.end
    raw, fstring = "r" in prefix.lower(), isinstance(string, cst.FormattedString)
    pieces = [_escape(char, quote[0], raw, fstring) or "" for char in text]
    if not all(pieces):
        return None
    code = old[: -len(quote)] + "".join(pieces) + quote
    try:
        # `S T` is S's text followed by T's: the new literal must parse to exactly that.
        if ast.dump(ast.parse(code, mode="eval")) != ast.dump(ast.parse(f"{old} {text!r}", mode="eval")):
            return None
    except SyntaxError:
        return None
    return code


def _rewrite(call: cst.Call) -> cst.Call | None:
    """`print(end=S')` for an eligible `print(S, end=T)`, else None."""
    if not m.matches(call.func, m.Name("print")) or len(call.args) != 2:
        return None
    first, end = call.args
    if first.keyword is not None or first.star or end.star or not m.matches(end.keyword, m.Name("end")):
        return None
    string, tail = first.value, end.value
    if not isinstance(string, cst.SimpleString | cst.FormattedString) or not isinstance(tail, cst.SimpleString):
        return None
    if isinstance(string, cst.SimpleString) and not isinstance(string.evaluated_value, str):
        return None  # bytes print as their repr
    if not isinstance(tail.evaluated_value, str):
        return None  # `end=b""` raises
    if not tail.evaluated_value.isascii():
        return None  # S written, then T failing to encode, differs from one write failing
    code = _appended(string, tail.evaluated_value)
    if code is None:
        return None
    new = cst.parse_expression(code).with_changes(lpar=string.lpar, rpar=string.rpar)
    return call.with_changes(args=[end.with_changes(value=new)])


class _JoinEnds(cst.CSTTransformer):
    def __init__(self) -> None:
        self.changed = 0

    def leave_Call(self, original_node: cst.Call, updated_node: cst.Call) -> cst.Call:
        new = _rewrite(updated_node)
        if new is None:
            return updated_node
        self.changed += 1
        return new


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Move the text of every eligible `print(S, end=T)` into its `end`."""
    if "print" not in surely_builtins(module, {"print"}):
        raise Refuse("the name print is bound, so it may not be the builtin")
    blocked = sorted(all_names(module) & _STREAM_NAMES)
    if blocked:
        raise Refuse(f"the program uses {', '.join(blocked)}, which could replace or drop print's output")
    joined = _JoinEnds()
    new = module.visit(joined)
    if not joined.changed:
        raise Refuse("no print call of the shape print(STRING, end=STRING)")
    return new


TECHNIQUE = Technique(
    name="print-end",
    summary='turn `print(S,end="\\r")` into `print(end=S+"\\r")` for a string S (one write instead of two)',
    transform=transform,
    candidates=offered_when_it_applies(transform),
)

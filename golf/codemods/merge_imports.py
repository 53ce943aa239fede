"""merge-imports: consecutive `import a` / `import b` statements become `import a, b`.

`import a, b` imports `a` and then `b`, binding the same names as the separate statements
in the same order, so nothing else can observe the change. Only plain `import` statements
that follow each other in one block are merged; `from ... import` lines, and imports
separated by any other statement, stay as they are.
"""

from __future__ import annotations

from collections.abc import Sequence

import libcst as cst

from golf.codemods.technique import Params, Refuse, Technique

_COMMA = cst.Comma(whitespace_after=cst.SimpleWhitespace(""))


def _only_import(statement: cst.BaseStatement) -> cst.Import | None:
    if isinstance(statement, cst.SimpleStatementLine) and len(statement.body) == 1:
        small = statement.body[0]
        if isinstance(small, cst.Import):
            return small
    return None


def _imports_in_line(line: cst.SimpleStatementLine) -> list[list[cst.BaseSmallStatement]]:
    """The line's small statements, runs of consecutive imports grouped."""
    groups: list[list[cst.BaseSmallStatement]] = []
    for small in line.body:
        if isinstance(small, cst.Import) and groups and isinstance(groups[-1][-1], cst.Import):
            groups[-1].append(small)
        else:
            groups.append([small])
    return groups


def _merge(imports: Sequence[cst.Import]) -> cst.Import:
    names = [alias for imp in imports for alias in imp.names]
    names = [a.with_changes(comma=_COMMA) for a in names[:-1]] + [
        names[-1].with_changes(comma=cst.MaybeSentinel.DEFAULT)
    ]
    return imports[0].with_changes(names=names)


class _Merge(cst.CSTTransformer):
    def __init__(self) -> None:
        self.merged = 0

    def _body(self, body: Sequence[cst.BaseStatement]) -> list[cst.BaseStatement]:
        result: list[cst.BaseStatement] = []
        for statement in body:
            current, previous = _only_import(statement), _only_import(result[-1]) if result else None
            if current is not None and previous is not None:
                result[-1] = result[-1].with_changes(body=[_merge([previous, current])])
                self.merged += 1
            else:
                result.append(statement)
        return result

    def leave_SimpleStatementLine(
        self, original_node: cst.SimpleStatementLine, updated_node: cst.SimpleStatementLine
    ) -> cst.SimpleStatementLine:
        groups = _imports_in_line(updated_node)
        if all(len(g) == 1 for g in groups):
            return updated_node
        self.merged += sum(len(g) - 1 for g in groups)
        body = [_merge(g) if len(g) > 1 else g[0] for g in groups]
        body = [s.with_changes(semicolon=g[-1].semicolon) for s, g in zip(body, groups, strict=True)]
        body[-1] = body[-1].with_changes(semicolon=cst.MaybeSentinel.DEFAULT)
        return updated_node.with_changes(body=body)

    def leave_Module(self, original_node: cst.Module, updated_node: cst.Module) -> cst.Module:
        return updated_node.with_changes(body=self._body(updated_node.body))

    def leave_IndentedBlock(
        self, original_node: cst.IndentedBlock, updated_node: cst.IndentedBlock
    ) -> cst.IndentedBlock:
        return updated_node.with_changes(body=self._body(updated_node.body))


def transform(module: cst.Module, params: Params) -> cst.Module:
    """Merge consecutive plain `import` statements."""
    merger = _Merge()
    new = module.visit(merger)
    if not merger.merged:
        raise Refuse("no consecutive `import` statements")
    return new


TECHNIQUE = Technique(
    name="merge-imports",
    summary="merge consecutive `import a` / `import b` into `import a, b`",
    transform=transform,
)

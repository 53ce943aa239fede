"""The aligner on hand-built traces: value keys, the forward and backward differences, init and update.

Fast companions of tests/test_explain.py: no program runs, each trace is a few nodes whose
values and gradients are computed here with the same float operations the programs use.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from golf.explain.backward import backward_difference
from golf.explain.forward import forward_difference
from golf.explain.graph import Graph
from golf.explain.optimizer import init_difference, update_difference
from golf.explain.trace import Frame, Node, Trace, value_key


def _node(index: int, value: Any, op: str | None, line: int, children=(), local=(), grad=None, param=-1) -> Node:
    site = (Frame("p.py", line, f"line {line}", op or "<module>", op),) if op is not None else ()
    return Node(index, value, site, tuple(children), tuple(local), grad, param, op is not None)


def _trace(nodes: list[Node], loss: int | None = None, path: Path = Path("p.py"), **fields: Any) -> Trace:
    defaults: dict[str, Any] = dict(
        step=1, params=None, param_names=None, params_before=None, params_after=None, writes={}, error=None
    )
    defaults.update(fields)
    return Trace(path, "step", nodes=tuple(nodes), loss=loss, **defaults)


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        pytest.param(0.0, -0.0, True, id="signed-zeros"),
        pytest.param(0, 0.0, True, id="int-zero"),
        pytest.param(True, 1.0, True, id="bool"),
        pytest.param(0.1 + 0.2, 0.3, False, id="one-ulp"),
        pytest.param(float("nan"), float("nan"), True, id="nan"),
    ],
)
def test_value_key(a: Any, b: Any, same: bool) -> None:
    assert (value_key(a) == value_key(b)) is same


A, B = 0.48631026392853133, 14.812728225690101  # a / b and a * b**-1 differ in the last bit


def test_forward_names_a_direct_division_against_a_multiplication_by_the_reciprocal() -> None:
    reference = _trace(
        [
            _node(0, A, "", 1, param=0),
            _node(1, B, "", 1, param=1),
            _node(2, B**-1, "__pow__", 10, [1], [-1 * B**-2]),
            _node(3, A * B**-1, "__mul__", 11, [0, 2], [B**-1, A]),
        ]
    )
    variant = _trace(
        [
            _node(0, A, "", 1, param=0),
            _node(1, B, "", 1, param=1),
            _node(2, A / B, "__truediv__", 20, [0, 1], [1 / B, -A / B**2]),
        ]
    )
    found = forward_difference(Graph(reference), Graph(variant))
    assert found is not None
    assert [f.line for f in found.variant_site] == [20]
    assert [f.line for f in found.reference_site] == [11]
    assert "a / b" in found.reason and "a * (b ** -1)" in found.reason
    assert "direct division instead of a multiplication by the reciprocal" in found.reason


def test_forward_finds_nothing_when_every_value_is_produced() -> None:
    nodes = [_node(0, A, "", 1), _node(1, B, "", 1), _node(2, A + B, "__add__", 5, [0, 1], [1, 1])]
    assert forward_difference(Graph(_trace(nodes)), Graph(_trace(list(nodes)))) is None


T, E1, E2 = 3.0, 0.1, 0.2
K = -(T**-2)  # d(t**-1)/dt


def _softmax_tail(shared: bool) -> Trace:
    """e1 * t**-1 + e2 * t**-1 with one reciprocal node per use, or one shared."""
    leaves = [_node(0, T, "", 1, param=0), _node(1, E1, "", 1, param=1), _node(2, E2, "", 1, param=2)]
    if shared:
        grad_t = K * (E1 + E2)
        nodes = leaves + [
            _node(3, T**-1, "__pow__", 30, [0], [K], grad=E1 + E2),
            _node(4, E1 * T**-1, "__mul__", 31, [1, 3], [T**-1, E1], grad=1),
            _node(5, E2 * T**-1, "__mul__", 31, [2, 3], [T**-1, E2], grad=1),
            _node(6, E1 * T**-1 + E2 * T**-1, "__add__", 32, [4, 5], [1, 1], grad=1),
        ]
        loss = 6
    else:
        grad_t = K * E1 + K * E2
        nodes = leaves + [
            _node(3, T**-1, "__pow__", 40, [0], [K], grad=E1),
            _node(4, E1 * T**-1, "__mul__", 41, [1, 3], [T**-1, E1], grad=1),
            _node(5, T**-1, "__pow__", 40, [0], [K], grad=E2),
            _node(6, E2 * T**-1, "__mul__", 41, [2, 5], [T**-1, E2], grad=1),
            _node(7, E1 * T**-1 + E2 * T**-1, "__add__", 42, [4, 6], [1, 1], grad=1),
        ]
        loss = 7
    nodes[0] = _node(0, T, "", 1, grad=grad_t, param=0)
    return _trace(nodes, loss)


def test_backward_names_a_shared_reciprocal_and_the_reordered_sum() -> None:
    assert K * E1 + K * E2 != K * (E1 + E2), "the case needs sums that round differently"
    found = backward_difference(Graph(_softmax_tail(shared=False)), Graph(_softmax_tail(shared=True)))
    assert found is not None
    assert found.phase == "backward"
    assert [f.line for f in found.variant_site] == [30]
    assert [f.line for f in found.reference_site] == [40]
    assert "shared node" in found.reason and "order of the gradient sums" in found.reason
    assert (found.variant_value, found.reference_value) == (K * (E1 + E2), K * E1 + K * E2)


def test_backward_names_a_different_local_gradient() -> None:
    def program(local: float, line: int) -> Trace:
        return _trace(
            [
                _node(0, A, "", 1, grad=local, param=0),
                _node(1, 2.0, "", 1),
                _node(2, 2.0 * A, "__mul__", line, [1, 0], [A, local], grad=1),
            ],
            loss=2,
        )

    found = backward_difference(Graph(program(2.0, 50)), Graph(program(1.0, 60)))
    assert found is not None
    assert "a different local gradient" in found.reason
    assert (found.variant_value, found.reference_value) == (1.0, 2.0)
    assert ([f.line for f in found.variant_site], [f.line for f in found.reference_site]) == ([60], [50])


def test_init_names_a_reordered_draw() -> None:
    reference = _trace([], params_after=(0.1, 0.2, 0.3), param_names=("w[0]", "w[1]", "w[2]"))
    variant = _trace([], params_after=(0.1, 0.3, 0.2), param_names=("w[0]", "w[1]", "w[2]"))
    found = init_difference(reference, variant)
    assert found is not None
    assert "w[1] starts at 0.3" in found.reason and "the reference's w[2]" in found.reason


def test_update_names_the_constant_that_differs(tmp_path: Path) -> None:
    def program(eps: float) -> Trace:
        path = tmp_path / f"p{eps}.py"
        path.write_text(f"lr = 0.01\neps = {eps!r}\nfor p in P:\n    p.data -= lr / eps\n")
        write = (Frame(str(path), 4, "p.data -= lr / eps"),)
        writes = {i: (write, {"lr": 0.01, "eps": eps}) for i in range(3)}
        after = tuple(1.0 - 0.01 / eps for _ in range(3))
        return _trace([], path=path, step=2, params_before=(1.0,) * 3, params_after=after, writes=writes)

    found = update_difference(program(1e-8), program(1e-7))
    assert found is not None
    assert (found.phase, found.step) == ("update", 1)
    assert "eps = 1e-07 (reference 1e-08)" in found.reason
    assert [f.line for f in found.variant_site] == [2, 4]

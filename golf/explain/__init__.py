"""`golf explain`: the first operation where a variant's computation departs from the reference's.

`explain(variant)` checks the variant, traces the first step that differs node by node in
both programs, aligns the two graphs by value, and returns an Explanation naming the
operation, its line in both programs, the two values and why they differ.
"""

from golf.explain.explainer import ExplainError, NothingToExplain, explain
from golf.explain.model import PHASES, Explanation, render_lines
from golf.explain.trace import Frame

__all__ = ["PHASES", "ExplainError", "Explanation", "Frame", "NothingToExplain", "explain", "render_lines"]

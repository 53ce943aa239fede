"""golf: a code-golf refactoring workbench.

It counts how much shorter each variant of a program is (LibCST line counters, radon
metrics) and proves, step by step and bit by bit, that the variant still computes what
the original computes.
"""

__version__ = "0.1.0"

from golf.data import builtin_names, builtin_text, load_data  # noqa: E402

__all__ = [
    "__version__",
    "builtin_names",
    "builtin_text",
    "load_data",
]

"""golf: a code-golf refactoring workbench.

It counts how much shorter each variant of a program is (LibCST line counters, radon
metrics) and proves, step by step and bit by bit, that the variant still computes what
the original computes.
"""

__version__ = "0.1.0"

from golf.atomic import write_atomic  # noqa: E402
from golf.codemods import TECHNIQUES  # noqa: E402
from golf.codemods import apply as apply_technique  # noqa: E402
from golf.compare import compare_variants  # noqa: E402
from golf.count import Counts, RegionCounts, SourceCounts, count_source  # noqa: E402
from golf.data import builtin_names, builtin_text, load_data  # noqa: E402
from golf.metrics import RadonMetrics, radon_metrics  # noqa: E402
from golf.report_model import Comparison, Report, build_report  # noqa: E402
from golf.shrink import ShrinkEvent, ShrinkResult, VerdictCache, shrink  # noqa: E402

__all__ = [
    "Comparison",
    "Counts",
    "RadonMetrics",
    "RegionCounts",
    "Report",
    "ShrinkEvent",
    "ShrinkResult",
    "SourceCounts",
    "TECHNIQUES",
    "VerdictCache",
    "__version__",
    "apply_technique",
    "build_report",
    "compare_variants",
    "count_source",
    "builtin_names",
    "builtin_text",
    "load_data",
    "radon_metrics",
    "shrink",
    "write_atomic",
]

"""golf: a code-golf refactoring workbench.

It counts how much shorter each variant of a program is (LibCST line counters, radon
metrics) and proves, step by step and bit by bit, that the variant still computes what
the original computes.
"""

__version__ = "0.1.0"

# The public API is imported on first use (PEP 562), so `golf check` does not pay for
# LibCST matchers, radon and the report code it never touches.
_LAZY = {
    "write_atomic": ("golf.atomic", "write_atomic"),
    "TECHNIQUES": ("golf.codemods", "TECHNIQUES"),
    "apply_technique": ("golf.codemods", "apply"),
    "compare_variants": ("golf.report.build", "compare_variants"),
    "Counts": ("golf.measure.model", "Counts"),
    "RegionCounts": ("golf.measure.model", "RegionCounts"),
    "SourceCounts": ("golf.measure.model", "SourceCounts"),
    "count_source": ("golf.measure.count", "count_source"),
    "check": ("golf.engine.check", "check"),
    "check_many": ("golf.engine.check", "check_many"),
    "DEFAULT_STEPS": ("golf.engine.check", "DEFAULT_STEPS"),
    "ReferenceFailure": ("golf.engine.check", "ReferenceFailure"),
    "Tolerance": ("golf.engine.equivalence", "Tolerance"),
    "RunOptions": ("golf.engine.runner", "RunOptions"),
    "Variant": ("golf.engine.variants", "Variant"),
    "VariantError": ("golf.engine.variants", "VariantError"),
    "Difference": ("golf.engine.verdict", "Difference"),
    "Verdict": ("golf.engine.verdict", "Verdict"),
    "builtin_names": ("golf.engine.data", "builtin_names"),
    "builtin_text": ("golf.engine.data", "builtin_text"),
    "load_data": ("golf.engine.data", "load_data"),
    "RadonMetrics": ("golf.measure.metrics", "RadonMetrics"),
    "radon_metrics": ("golf.measure.metrics", "radon_metrics"),
    "Comparison": ("golf.report.model", "Comparison"),
    "Report": ("golf.report.model", "Report"),
    "build_report": ("golf.report.build", "build_report"),
    "ShrinkEvent": ("golf.search", "ShrinkEvent"),
    "ShrinkResult": ("golf.search", "ShrinkResult"),
    "VerdictCache": ("golf.search", "VerdictCache"),
    "shrink": ("golf.search", "shrink"),
}


def __getattr__(name: str) -> object:
    if name not in _LAZY:
        raise AttributeError(f"module 'golf' has no attribute {name!r}")
    from importlib import import_module

    module_name, attr = _LAZY[name]
    value = getattr(import_module(module_name), attr)
    globals()[name] = value
    return value


__all__ = [
    "DEFAULT_STEPS",
    "Comparison",
    "Counts",
    "Difference",
    "RadonMetrics",
    "ReferenceFailure",
    "RegionCounts",
    "Report",
    "RunOptions",
    "ShrinkEvent",
    "ShrinkResult",
    "SourceCounts",
    "TECHNIQUES",
    "Tolerance",
    "Variant",
    "VariantError",
    "Verdict",
    "VerdictCache",
    "__version__",
    "apply_technique",
    "build_report",
    "check",
    "check_many",
    "compare_variants",
    "count_source",
    "builtin_names",
    "builtin_text",
    "load_data",
    "radon_metrics",
    "shrink",
    "write_atomic",
]

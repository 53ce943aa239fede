"""Measuring Python source: golf's line, statement and token counts, and radon's metrics."""

"""Measuring Python source: golf's line, statement and token counts, and radon's metrics.

- model: what is counted (Counts, RegionCounts, SourceCounts, SourceSyntaxError) and what each count means.
- count: count_source, from lines (one tokenize pass classifying the lines) and regions (which lines and
  statements each top-level class and function owns).
- files: counting files and directories, every problem a message naming the file.
- metrics: radon's metrics of a source.
"""

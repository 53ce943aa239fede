"""The engine: everything that turns a variant's source into a verdict.

`variants` names and finds the scripts, `data` makes the data sets they read, `instrument`
analyses a source and writes the instrumented copy, `runner` runs it in a subprocess through
`_harness` and returns a `RunResult`, `record` reads what the harness recorded, `equivalence`
compares two records, `verdict` holds the outcome, `cache` keeps runs and verdicts, and
`check` ties them together (`check`, `check_many`).
"""

"""The version of golf's JSON outputs (the report, the comparison, `check --json`, `count --json`), one for all.

Bump it, with a note in README.md ("Version history"), when a field changes meaning or goes away; adding a
field is not a bump.
  1: first version (before it, `check --json` and `count --json` printed bare arrays).
  2: a `samples` difference is a random draw (`draw N`, token ids), no longer a printed line; printed text is
     compared apart (`output`, `output_difference`); verdicts hold their domain's `cells`.
"""

FORMAT_VERSION = 2

"""drop-guards: before/after snippets (exact output), refusals (a part of the reason), and the real checker.

The last test drops the guards of original.py and of its golfed form, then what drop-unused finds unused
after them (the `os` import), and checks both results.
"""

from __future__ import annotations

import pytest

from golf.codemods import drop_guards, drop_unused

from .conftest import CheckSources
from .helpers import applied, assert_changes, assert_refuses

GUARD_CHANGES = [
    pytest.param(
        """
        import os
        # Data
        if not os.path.exists("input.txt"):
            raise SystemExit("error: input.txt not found")
        with open("input.txt") as f:
            docs = f.read()
        """,
        """
        import os
        # Data
        with open("input.txt") as f:
            docs = f.read()
        """,
        id="original-style",
    ),
    pytest.param(
        'import os\nif not os.path.exists("input.txt"):raise SystemExit("no")\nX=[*open("input.txt")]\n',
        'import os\nX=[*open("input.txt")]\n',
        id="golfed",
    ),
    pytest.param(
        """
        import os, sys
        if not os.path.isfile("a") or not os.path.exists("b"):
            print("missing", file=sys.stderr)
            sys.exit(1)
        for line in open("a"): pass
        with open("b", "r") as f: pass
        """,
        """
        import os, sys
        for line in open("a"): pass
        with open("b", "r") as f: pass
        """,
        id="or-of-two-opened-files",
    ),
    pytest.param(
        "import os\nif n < 3 and not os.path.isfile('a'):\n    exit()\nopen('a')\n",
        "import os\nopen('a')\n",
        id="and-with-one-missing-file",
    ),
    pytest.param(
        "from os.path import exists\nif not exists('a'):quit()\nopen('a')\n",
        "from os.path import exists\nopen('a')\n",
        id="from-import",
    ),
    pytest.param("if False:\n    raise ValueError\nprint(1)\n", "print(1)\n", id="never-fires"),
]


@pytest.mark.parametrize(("before", "after"), GUARD_CHANGES)
def test_drop_guards_changes(before: str, after: str) -> None:
    assert_changes(drop_guards.TECHNIQUE, before, after)


GUARD_REFUSES = [
    pytest.param("import os\nif not os.path.exists('a'):raise SystemExit\nprint(1)\n", "still stops", id="not-opened"),
    pytest.param(
        "import os\nif not os.path.isfile('a') or n < 3:\n    exit(1)\nopen('a')\n", "still stops", id="or-with-other"
    ),
    pytest.param("import os\nif not os.path.exists('a'):exit()\nX=c and open('a')\n", "still stops", id="maybe-opened"),
    pytest.param("import os\nif not os.path.exists('a'):exit()\nopen('a','w')\n", "still stops", id="opened-to-write"),
    pytest.param(
        "import os\nif not os.path.exists('a'):exit()\nopen('a','w').close()\nopen('a')\n",
        "named elsewhere",
        id="created-before-read",
    ),
    pytest.param("import os\nif not os.path.exists(f()):exit()\nopen('a')\n", "condition", id="call-in-condition"),
    pytest.param("import os\nif not os.path.exists('a'):exit()\nelse:pass\nopen('a')\n", "else", id="else"),
    pytest.param("if x:\n    print(1)\n", "no guard", id="not-a-guard"),
    pytest.param("def f():\n    if x: raise E\n", "no guard", id="not-module-level"),
]


@pytest.mark.parametrize(("source", "reason"), GUARD_REFUSES)
def test_drop_guards_refuses(source: str, reason: str) -> None:
    assert_refuses(drop_guards.TECHNIQUE, source, reason)


def test_results_without_guards_check_identical(
    original: str, golfed_original: str, check_sources: CheckSources
) -> None:
    variants = {
        "unguarded": applied(drop_unused.TECHNIQUE, applied(drop_guards.TECHNIQUE, original)),
        "golfed_unguarded": applied(drop_unused.TECHNIQUE, applied(drop_guards.TECHNIQUE, golfed_original)),
    }
    for name in ("unguarded", "golfed_unguarded"):
        assert "import os" not in variants[name] and "os," not in variants[name]
        assert "SystemExit" not in variants[name]
    got = {name: v.verdict for name, v in check_sources(variants).items()}
    assert got == dict.fromkeys(variants, "identical")

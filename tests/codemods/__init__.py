"""One test module per technique codemod (`test_<technique>.py`), and the registry's tests across all of them.

A package, so that this folder's conftest and helpers never shadow `tests/conftest.py` by module name.
"""

"""vanban: legal references, citation relations and tasks from Vietnamese administrative documents.

The Python API is four verbs (the CLI calls only these)::

    from extract import read_document, clean, extract
    result = extract("corpus/seed-003.txt")
    result.dump()          # SPEC JSON
"""

from __future__ import annotations

import sys
from types import ModuleType

__version__ = "0.1.0"
# Extraction results are stamped with this; the store re-extracts when it changes.
EXTRACTOR_VERSION = "0.3.0"

# The verbs are imported when first used (PEP 562): the pipeline pulls in the rules, the lexicons and
# their patterns, which `vanban version` or a query of the store never needs (issue 15).
_API = {"read_document": "read", "find_references": "references", "find_tasks": "tasks",
        "extract": "pipeline"}


def __getattr__(name: str):
    module = _API.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_API])


class _Package(ModuleType):
    """The package, whose ``clean`` stays the verb when the submodule of that name is imported (the import
    system binds a submodule to its package's attribute; the eager ``from .clean import clean`` used to
    bind the verb back)."""

    @property
    def clean(self):
        from .clean import clean

        return clean

    @clean.setter
    def clean(self, _value) -> None:
        pass


sys.modules[__name__].__class__ = _Package


__all__ = ["read_document", "clean", "find_references", "find_tasks", "extract", "__version__"]

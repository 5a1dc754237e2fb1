"""vanban: legal references, citation relations and tasks from Vietnamese administrative documents.

The Python API is four verbs (the CLI calls only these)::

    from extract import read_document, clean, extract
    result = extract("corpus/seed-003.txt")
    result.dump()          # SPEC JSON
"""

from __future__ import annotations

__version__ = "0.1.0"
# Extraction results are stamped with this; the store re-extracts when it changes.
EXTRACTOR_VERSION = "0.2.0"

from .clean import clean  # noqa: E402
from .pipeline import extract  # noqa: E402
from .read import read_document  # noqa: E402
from .references import find_references  # noqa: E402
from .tasks import find_tasks  # noqa: E402

__all__ = ["read_document", "clean", "find_references", "find_tasks", "extract", "__version__"]

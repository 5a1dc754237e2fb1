"""``python -m extract`` is ``vanban``."""

from .cli import main

main()

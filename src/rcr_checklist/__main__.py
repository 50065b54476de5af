"""Entry point for ``python -m rcr_checklist``."""

from rcr_checklist.cli import main

if __name__ == "__main__":
    main()

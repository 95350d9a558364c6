"""Allow ``python -m fundtrack``."""

from fundtrack.cli.app import main

if __name__ == "__main__":
    main()

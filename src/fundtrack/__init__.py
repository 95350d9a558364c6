"""fundtrack: the books of New Mexico's human-trafficking victim funds."""

__version__ = "0.1.0"

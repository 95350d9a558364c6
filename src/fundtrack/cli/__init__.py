"""The command line: the only package that imports typer or rich.

Commands are thin: read the options, call one service inside ``Database.write`` or
``Database.read``, and render the result. ``FundtrackError`` is turned into one line on
stderr and a non-zero exit in exactly one place (``fundtrack.cli.base``).
"""

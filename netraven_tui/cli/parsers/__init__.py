"""The command line's parsers, one module per command group; ``cli.parser`` assembles them.

Each module's ``add_commands(commands)`` adds its group (or its command) to the top-level
sub-parsers, with the function that runs each sub-command as its ``handler`` default.
"""

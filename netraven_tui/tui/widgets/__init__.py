"""Reusable widgets: the keyed record table, the command bar, the area bar, completion."""

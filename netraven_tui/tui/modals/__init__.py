"""Modal screens: forms, confirmations, prompts, help, import results, connection checks (all on DialogScreen)."""

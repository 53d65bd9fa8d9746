"""Modal dialogs (all on DialogScreen): forms, confirmations, prompts, help, import results,
connection checks."""

"""Modal screens: forms, confirmations, prompts, help, import results, connection tests."""

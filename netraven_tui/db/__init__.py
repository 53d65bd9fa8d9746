"""Database layer: models, engine and migrations. Only services/ and runtime/ import it."""

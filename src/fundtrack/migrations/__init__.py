"""Alembic migrations, shipped inside the package; ``fundtrack init`` runs them."""

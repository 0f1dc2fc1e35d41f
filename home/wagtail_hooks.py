"""Admin customisations of the core app."""

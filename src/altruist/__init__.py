"""altruist: a local-first networking assistant that suggests good deeds for your contacts."""

__version__ = "0.1.0"

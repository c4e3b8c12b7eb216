"""Ingest: bring the user's network and groups into the store (contacts, history, feeds)."""

"""Parsers for history files (messages, invitations, calendars): neutral `InteractionRecord`s."""

"""Accounts that stay current (issue 17): CardDAV address books, CalDAV calendars, IMAP
mailboxes (headers only) and vdir folders. Everything they bring goes through the same
importer as files (`importer.write_parsed`), so the same identity rules hold."""

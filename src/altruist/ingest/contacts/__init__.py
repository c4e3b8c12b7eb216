"""Parsers for address-book files: each turns a decoded file into neutral `ContactRecord`s."""

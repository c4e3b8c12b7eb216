"""Connector rounds (issue 8): introduce a whole community to itself by need and offer.

Entry point: `plan.plan_round`; writers in `output`; the computing core in `pairing`.
See docs/rounds.md for the algorithms and the measured figures.
"""

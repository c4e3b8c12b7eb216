"""Care: looking after people — birthdays, keep-in-touch, congratulations, and polite asks.

Entry points:
- `suggest.suggest(ctx)` proposes birthday, check-in, congratulation and anniversary deeds, using
  `birthdays` (with or without year, 29 February) and `cadence` (per person or tier, reset by any
  interaction, with relationship decay).
- `asks.suggest(ctx)` proposes at most one ask: someone who offered help, matched to the user's own
  open need kept by `my_needs` (job search with target roles, regions and companies).
"""

"""The engine: each module proposes one kind of good deed from the stored data.

Contract: a module exposes `suggest(ctx: EngineContext) -> list[Suggestion]`. Every Suggestion has
a stable `key` (the same deed proposed tomorrow gets the same key, so feedback sticks), a
one-sentence `reason` derived from the data, a `score` in [0, 1] comparable across kinds, and a
draft where words help. The agenda mixes them; the engine never renders HTML.
"""

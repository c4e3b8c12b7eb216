"""The engine: one folder per family of good deeds, proposed from the stored data.

- `introductions/` — introduce two contacts who would profit from each other (double opt-in).
- `questions/` — answer an open question in one of the user's groups, or forward it to a contact.
- `care/` — birthdays, check-ins, congratulations, anniversaries, and asks for help.
- `rounds/` — connector mode: introduction rounds over a whole community.

Shared by the families, at this level: `context` (what every engine call gets), `drafts` and
`phrases` (message and reason wording, German and English), `need_offer` (need↔offer matching),
`giving` (the ledger every done deed writes to) and `memo_embedder`.

Contract: a family's `suggest.py` exposes `suggest(ctx: EngineContext) -> list[Suggestion]`. Every
Suggestion has a stable `key` (the same deed proposed tomorrow gets the same key, so feedback
sticks), a one-sentence `reason` derived from the data, a `score` in [0, 1] comparable across
kinds, and a draft where words help. The agenda mixes them; the engine never renders HTML.
"""

"""Introductions: pairs of contacts who would profit from each other, and the double opt-in.

Entry points:
- `suggest.suggest(ctx)` ranks pairs by mutual need↔offer benefit (both directions) scaled by the
  affinity of the learned pair model, skips known pairs, caps how often one person appears.
- `flow` runs an introduction as a workflow (ask the first, then the second, then connect them),
  with each step's message drafted by `drafts` in the recipient's language.
- `followups.suggest(ctx)` brings introductions in progress back on Today with their next step.

The pair model (`pair_graph`, `pair_features`, `pair_model`, `pair_index`) is the link predictor
that `altruist eval intros` measures on real networks; `affinity` applies it to the user's network.
"""

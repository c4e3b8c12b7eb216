"""Offline evaluation of the rankers on real third-party data against simple baselines."""

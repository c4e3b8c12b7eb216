"""Share of contacts whose inferred language is right (issue 13), printed per data set.

    .venv/bin/python bench/bench_language.py [--generated 2000]

Real files: the LinkedIn Connections and vCard client samples in ../shared/data (or
ALTRUIST_REALDATA) — networks of English-speaking users, so English is the right language of
every contact — and the German samples under tests/ingest/samples_de, labelled by hand from who
each contact is. Generated: German and English contacts built by
altruist.eval.language.generated. The user's language is German throughout (the
product's main user), so a contact without any evidence counts as German.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from altruist.eval.language import Measured, from_file, generated, measure

ROOT = Path(__file__).resolve().parent.parent
REALDATA = Path(os.environ.get("ALTRUIST_REALDATA", ROOT.parent / "shared" / "data"))
GERMAN_SAMPLES = ROOT / "tests" / "ingest" / "samples_de"
# The English speakers among the German samples; everyone else there is German.
ENGLISH_IN_GERMAN_SAMPLES = {"Emily Clarke", "Daniel Wright", "Sara Lindqvist"}


def real_sets() -> list[Measured]:
    results = []
    english = [
        *sorted((REALDATA / "linkedin-export-formats").glob("*Connections*.csv")),
        *sorted((REALDATA / "vcard-ezvcard-client-samples").glob("*.vcf")),
    ]
    for path in english:
        contacts, locale = from_file(path)
        labelled = [(c, "en") for c in contacts]
        results.append(measure(f"{path.parent.name}/{path.name}", labelled, locale, "de"))
    for path in sorted(GERMAN_SAMPLES.iterdir()):
        contacts, locale = from_file(path)
        labelled = [
            (c, "en" if c.display_name() in ENGLISH_IN_GERMAN_SAMPLES else "de") for c in contacts
        ]
        results.append(measure(f"samples_de/{path.name}", labelled, locale, "de"))
    return results


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--generated", type=int, default=2000)
    args = parser.parse_args()
    started = time.perf_counter()
    rows = real_sets()
    rows.append(measure("generated (de_DE + en_US)", generated(args.generated), None, "de"))
    print(f"{'data set':64} {'right':>11} {'share':>6}  {'no evidence':>11}  with evidence")
    for row in rows:
        print(
            f"{row.name[:64]:64} {row.right:5}/{row.total:<5} {row.share:6.3f}  "
            f"{row.blind:11}  {row.share_with_evidence:6.3f}"
        )
    total = sum(r.total for r in rows)
    right = sum(r.right for r in rows)
    blind = sum(r.blind for r in rows)
    seen_right = right - sum(r.blind_right for r in rows)
    print(
        f"{'all contacts':64} {right:5}/{total:<5} {right / total:6.3f}  {blind:11}  "
        f"{seen_right / (total - blind):6.3f}"
    )
    print(f"elapsed {time.perf_counter() - started:.1f} s (machine shared with other work)")


if __name__ == "__main__":
    main()

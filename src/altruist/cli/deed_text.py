"""The language a deed's title and reason are shown in on the command line.

Deeds store their texts as messages (issue 14) and every surface renders them for its reader;
the CLI's reader is the user: the language of this command's output (`--lang`, else Settings).
"""

from __future__ import annotations

from altruist.domain import Text
from altruist.i18n import Translator
from altruist.i18n.message import render


def shown(text: Text, t: Translator) -> str:
    return render(text, t)

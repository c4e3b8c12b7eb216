"""The language a deed's title and reason are shown in on the command line.

Deeds store their texts as messages (issue 14) and every surface renders them for its reader;
the CLI's reader is the user, so it takes the user's language from Settings.
"""

from __future__ import annotations

from altruist.cli.context import AppContext
from altruist.domain import Text
from altruist.engine.phrases import user_language
from altruist.i18n import Translator
from altruist.i18n.message import render


def reader(app: AppContext) -> Translator:
    return Translator(user_language(app.store))


def shown(text: Text, t: Translator) -> str:
    return render(text, t)

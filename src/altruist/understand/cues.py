"""Cue words of asking and offering, German and English: the rule features of the reader.

They are features, not decisions: the classifier (understand/reader.py) learns how much each cue
counts next to the sentence embedding, so a cue that misleads in one context ("startups looking
for seed funding" in an investor's note) is outweighed by the rest of the sentence. Without an
embedding model (tests, the `fake` embedder) they are the whole reader.
"""

from __future__ import annotations

import re

import numpy as np

_CUES: tuple[tuple[str, str], ...] = (
    (
        "seek",
        r"\blooking\s+for\b|\bseek(ing|s)?\b|\bsearching\b|\bsuch(e|t|en)\b|gesucht|auf\s+der\s+suche",
    ),
    ("need", r"\bneed(s|ed)?\b|\bbrauch(e|t|en)\b|\bbenötig"),
    ("offer", r"\boffer(ing)?\b|\bbiete(n|t)?\b|\bprovide|\bstelle\s+\w*\s*bereit"),
    (
        "help_give",
        r"happy\s+to|glad\s+to|\bcan\s+help\b|\bi\s+help\b|helfe\s+gern|\bgern(e)?\b|hilft\s+gern|kann\s+(\w+\s+)?helfen|unterstütze",
    ),
    ("ask_me", r"ask\s+me|fragt\s+mich|ping\s+me|reach\s+out|einfach\s+melden"),
    (
        "question",
        r"\?\s*$|^(how|what|who|which|does|has|can|is|wie|was|wer|welche\w*|hat|kann|gibt)\b",
    ),
    (
        "advice",
        r"\badvice\b|\btips?\b|\brat\b|\btipps\b|\binput\b|erfahrung(en)?\s+mit|experience\s+with|explain|erklär",
    ),
    (
        "job_seek",
        r"open\s*to\s*work|job\s*(hunt|search)|jobsuche|new\s+(role|job|position|challenge)|neue\w*\s+(stelle|herausforderung|job)|\bstelle\s+als\b|position\s+as\b|role\s+as\b|festanstellung|bewerbe|anstellung|arbeitgeber\s+wechseln|umorientier|"
        r"\b(role|job|stelle|position)\s+(in|im|at|bei)\b",
    ),
    (
        "hiring",
        r"\bhiring\b|\bwe('|\s+a)re\s+hiring|stellen\s+\w*\s*ein|stellt\s+\w*\s*ein|\bjoin\s+(our|my)\s+team|verstärkung|open\s+positions?|offene\s+stelle|openings?|vacanc|recruit|apply|bewerben|\bfull[- ]time\b|vollzeit|für\s+(unser|mein)\w*\s+team|our\s+team|"
        # German separable verbs put their particle at the end ("stellen ab Mai drei Monteure
        # ein"), and a vacancy is named by who fills it rather than by the verb.
        r"\bstell(en|t|e)\b[^.!?]{0,60}\bein\b|\bbesetz\w*|kandidat\w*|\bazubis?\b|lehrling|lehrstelle|"
        r"ausbildungsplatz|werkstudent\w*|mitarbeiter\w*|kolleg(en|innen|in|e)\b|[mwd]/[mwd]/[mwd]|"
        r"\bstelle\b[^.!?]{0,40}\bfrei\b|händeringend",
    ),
    ("employee", r"\bwe\b|\bour\b|\bwir\b|\bunser"),
    ("first_person", r"\bi\b|\bi'm\b|\bmy\b|\bich\b|\bmein"),
    (
        "freelance",
        r"freelanc|freiberuf|selbstständig|self-employed|independent|contract(or)?\b|honorar|interim|auftr(ag|äge)|assignments?|gig\b|projektbasis|capacity|kapazität",
    ),
    (
        "agency",
        r"agenc|agentur|dienstleister|external|extern|outsourc|auslager|recommend|empfehl|"
        r"auf\s+rechnung|honorarbasis|projektbasis|vergeben|vermitteln",
    ),
    (
        "cofounder",
        r"co-?found|mitgründ|cofound|gründe\w*\s+mit|found\s+\w+\s+together|zusammen\s+\w*\s*gründen|business\s+partner|geschäftspartner",
    ),
    (
        "funding",
        r"raising|fundrais|funding|finanzierung|kapital|capital|seed|pre-seed|series\s+a|runde\b|round\b|investor|business\s+angel|\bvcs?\b|fördermittel|grant|"
        # German compounds carry the money word inside: Geldgeber, Kapitalbedarf, Investorensuche.
        r"geldgeber|\w*finanzierung\w*|\w*kapital\w*|investoren\w*|backers?\b|\bfinanc",
    ),
    (
        "investing",
        r"\binvest(ing|s|iere|iert)?\b|\bangel\b|beteilig|tickets?|\bfonds\b|\bfund\b|portfolio|pitch|deal\s*flow|decks?\b|checks?\b",
    ),
    (
        "customers",
        r"customers?|clients?|kunden|pilot|abnehmer|buyers?|resellers?|wiederverkäufer|händler|distribut|vertriebspartner|retailers?|users\b|nutzer|beliefern|supply",
    ),
    ("mentor", r"mentor|coach|sparring|begleite|guide|betreue"),
    (
        "expert",
        r"expert|spezialist|specialist|fachanw|lawyer|anwält|berater|adviser|advisor|steuerberat|makler|agent\b|notar|kenne\s+mich|i\s+know",
    ),
    ("biz_headline", r"\|"),
    # Speaker perspective and negation (issue 15, second pass): who speaks decides the side —
    # "we/our team/bei uns" seeking a role is an employer, "I/me" seeking one is a candidate,
    # and "not hiring", "no longer looking" state nothing at all.
    (
        "employer",
        r"\bwe\b|\bour\b|\bus\b|\bwir\b|\bunser\w*|\bbei\s+uns\b|\bmy\s+(company|team|firm|startup|"
        r"clinic|practice|lab|shop|restaurant|agency|department)\b|\bmein\w*\s+(firma|team|startup|"
        r"praxis|kanzlei|restaurant|laden|agentur|abteilung|betrieb)\b",
    ),
    # A question put to the group ("hat jemand …", "weiß wer …", "anyone …"): the asker wants
    # knowledge, wherever in the post the question mark stands.
    (
        "ask_group",
        r"\b(hat|weiß|weiss|kennt|kann)\s+(hier\s+)?(jemand|wer|öpper|einer|eine|ihr)\b|\bgibt\s+es\s+(hier\s+)?jemand|"
        r"\banyone\b|\banybody\b|\bdoes\s+someone\b|\bpointers\b|\bfragen?\b|\bquestions?\b|"
        r"\bwissen,?\s+(wie|ob|was|wo)\b|\btipps?\b|\brat\b|\binput\b|\bmeinungen\b|\bempfehlungen\b",
    ),
    (
        "negation",
        r"\bnot\b|n't\b|\bno\s+longer\b|\bnicht\b|\bkein\w*|\bnicht\s+mehr\b|\bderzeit\s+nicht\b",
    ),
)
CUES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE)) for name, pattern in _CUES
)
CUE_NAMES: tuple[str, ...] = tuple(name for name, _ in CUES)


def cue_vector(text: str) -> np.ndarray:
    """One 0/1 feature per cue, plus a bias-like length feature (short texts say less)."""
    values = [1.0 if pattern.search(text) else 0.0 for _, pattern in CUES]
    on = dict(zip(CUE_NAMES, values, strict=True))
    seeking = max(on["seek"], on["need"])
    # A linear model cannot combine two cues on its own: who seeks (an employer or the speaker)
    # and a negated seeking/hiring are given to it as features of their own.
    values.append(seeking * on["employer"])
    values.append(seeking * on["first_person"] * (1.0 - on["employer"]))
    values.append(on["negation"] * max(seeking, on["hiring"], on["job_seek"]))
    # Seeking a freelancer or an agency is buying their work; offering it is selling.
    values.append(seeking * max(on["freelance"], on["agency"]))
    values.append(min(len(text.split()), 60) / 60.0)
    return np.array(values, dtype=np.float32)


def cue_matrix(texts: list[str]) -> np.ndarray:
    if not texts:
        return np.zeros((0, len(CUES) + 5), dtype=np.float32)
    return np.vstack([cue_vector(t) for t in texts])


def any_cue(text: str) -> bool:
    """Whether a headline segment may state a need or offer at all (the cheap pre-filter that keeps
    30,000 plain job titles out of the embedding model)."""
    return any(
        pattern.search(text)
        for name, pattern in CUES
        if name
        not in (
            "employee",
            "first_person",
            "biz_headline",
            "question",
            "employer",
            "negation",
            "ask_group",
        )
    )

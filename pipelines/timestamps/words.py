"""The words stamps are written with, one table per kind, one language to a line.

Every regex of the stamp grammar (`text.py`) is built from these tables with `alternation`; a new
language is new rows here, not a new regex.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# The update labels are shared with the HTML reader, so they live in schemas/vocabulary.py: one table.
from schemas.vocabulary import UPDATED_LABELS as UPDATED_LABELS

# The word tables keep one language to a line, which the formatter would undo: hence `fmt: skip`.
PUBLISHED_LABELS = (
    "publisert", "først publisert",  # Norwegian (Bokmål and Nynorsk)
    "publiceret", "udgivet", "først publiceret",  # Danish
    "publicerad", "publicerat", "först publicerad",  # Swedish
    "published", "first published", "posted",  # English
    "veröffentlicht", "erstveröffentlichung",  # German
    "publicado", "publicada",  # Spanish
    "julkaistu",  # Finnish
    "birt", "birtist", "fyrst birt",  # Icelandic
    "gepubliceerd", "geplaatst",  # Dutch
)  # fmt: skip

MONTHS: Mapping[str, int] = MappingProxyType(
    {
        # Norwegian (Bokmål and Nynorsk) and Danish
        "januar": 1, "februar": 2, "mars": 3, "marts": 3, "april": 4, "mai": 5, "maj": 5, "juni": 6,
        "juli": 7, "august": 8, "september": 9, "oktober": 10, "november": 11, "desember": 12,
        "december": 12,
        # Swedish
        "januari": 1, "februari": 2, "augusti": 8,
        # English
        "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "october": 10,
        # German
        "jänner": 1, "märz": 3, "dezember": 12,
        # Dutch
        "maart": 3, "mei": 5, "augustus": 8,
        # Spanish
        "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7, "agosto": 8,
        "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11, "diciembre": 12,
        # Finnish, in the partitive a date uses ("30. huhtikuuta 2019") and the nominative
        "tammikuuta": 1, "helmikuuta": 2, "maaliskuuta": 3, "huhtikuuta": 4, "toukokuuta": 5,
        "kesäkuuta": 6, "heinäkuuta": 7, "elokuuta": 8, "syyskuuta": 9, "lokakuuta": 10,
        "marraskuuta": 11, "joulukuuta": 12, "tammikuu": 1, "helmikuu": 2, "maaliskuu": 3,
        "huhtikuu": 4, "toukokuu": 5, "kesäkuu": 6, "heinäkuu": 7, "elokuu": 8, "syyskuu": 9,
        "lokakuu": 10, "marraskuu": 11, "joulukuu": 12,
        # Icelandic (mars, september and desember are above)
        "janúar": 1, "febrúar": 2, "apríl": 4, "maí": 5, "júní": 6, "júlí": 7, "ágúst": 8, "október": 10,
        "nóvember": 11,
        # abbreviations, written with or without a full stop
        "jan": 1, "feb": 2, "febr": 2, "mar": 3, "mrt": 3, "mär": 3, "apr": 4, "jun": 6, "jul": 7,
        "aug": 8, "sep": 9, "sept": 9, "okt": 10, "oct": 10, "nov": 11, "des": 12, "dec": 12, "dez": 12,
        "ene": 1, "abr": 4, "ago": 8, "dic": 12,
    }
)  # fmt: skip

WEEKDAYS = (
    "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag",  # Norwegian, Danish
    "måndag", "tysdag", "laurdag", "sundag",  # Nynorsk
    "tisdag", "lördag", "söndag",  # Swedish
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonnabend", "sonntag",
    "lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo",
    "maanantai", "tiistai", "keskiviikko", "torstai", "perjantai", "lauantai", "sunnuntai",
    "maanantaina", "tiistaina", "keskiviikkona", "torstaina", "perjantaina", "lauantaina", "sunnuntaina",
    "mánudagur", "þriðjudagur", "miðvikudagur", "fimmtudagur", "föstudagur", "laugardagur", "sunnudagur",
    "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag",
)  # fmt: skip

# Relative phrases. "Just now" is the capture time itself.
JUST_NOW_WORDS = (
    "nå nettopp", "nettopp nå", "akkurat nå", "nettopp",  # Norwegian
    "lige nu", "netop nu", "netop",  # Danish
    "just nu", "alldeles nyss", "nyss",  # Swedish
    "just now", "moments ago", "a moment ago",  # English
    "gerade eben", "soeben",  # German
    "ahora mismo", "hace un momento",  # Spanish
    "juuri nyt", "hetki sitten",  # Finnish
    "zojuist", "zonet",  # Dutch
)  # fmt: skip
DAYS_BACK: Mapping[str, int] = MappingProxyType(
    {
        "i dag": 0, "idag": 0, "i går": 1, "igår": 1, "i forgårs": 2, "i förrgår": 2,  # Nordic
        "today": 0, "yesterday": 1,
        "heute": 0, "gestern": 1, "vorgestern": 2,
        "hoy": 0, "ayer": 1, "anteayer": 2,
        "tänään": 0, "eilen": 1, "toissapäivänä": 2,
        "vandaag": 0, "gisteren": 1, "eergisteren": 2,
    }
)  # fmt: skip
UNIT_SECONDS: Mapping[str, int] = MappingProxyType(
    {
        "sekund": 1, "sekunder": 1, "sekunde": 1, "sekunden": 1, "second": 1, "seconds": 1, "sec": 1,
        "secs": 1, "segundo": 1, "segundos": 1, "sekunti": 1, "sekuntia": 1, "seconde": 1, "seconden": 1,
        "minutt": 60, "minutter": 60, "minut": 60, "minuter": 60, "minute": 60, "minutes": 60, "min": 60,
        "mins": 60, "minuten": 60, "minuto": 60, "minutos": 60, "minuutti": 60, "minuuttia": 60,
        "minuut": 60,
        "time": 3600, "timer": 3600, "timme": 3600, "timmar": 3600, "hour": 3600, "hours": 3600,
        "hr": 3600, "hrs": 3600, "stunde": 3600, "stunden": 3600, "hora": 3600, "horas": 3600,
        "tunti": 3600, "tuntia": 3600, "uur": 3600,
        "dag": 86400, "dager": 86400, "døgn": 86400, "dage": 86400, "dagar": 86400, "day": 86400,
        "days": 86400, "tag": 86400, "tage": 86400, "tagen": 86400, "día": 86400, "días": 86400,
        "päivä": 86400, "päivää": 86400, "dagen": 86400,
    }
)  # fmt: skip
NUMBER_WORDS: Mapping[str, int] = MappingProxyType(
    {
        "en": 1, "ett": 1, "et": 1, "ei": 1, "én": 1, "an": 1, "a": 1, "one": 1, "einer": 1, "einem": 1,
        "un": 1, "una": 1, "yksi": 1, "een": 1, "één": 1,
        "to": 2, "två": 2, "two": 2, "zwei": 2, "dos": 2, "kaksi": 2, "twee": 2,
    }
)  # fmt: skip
# "less than 30 minutes ago" reads as "30 minutes ago": the figure the page gave, nothing guessed.
QUALIFIERS = (
    "mindre enn", "mindre end", "mindre än", "under", "over", "cirka", "ca.", "omkring", "rundt",
    "drøyt", "knapt", "mer enn", "mere end", "mer än", "less than", "about", "around", "over",
    "more than", "nearly", "almost", "weniger als", "etwa", "über", "mehr als", "menos de", "unos",
    "unas", "más de", "alle", "noin", "yli", "minder dan", "ongeveer", "meer dan", "bijna",
)  # fmt: skip

# Characters that may separate stamps on a line, or end the clause before a label.
SEPARATORS = "|,;:()[]/.!?-\u00b7\u2022\u2013\u2014"


def key(text: str) -> str:
    """Returns the lookup key of a matched word: case-folded, whitespace collapsed."""
    return " ".join(text.casefold().split())

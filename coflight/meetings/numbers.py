"""A meeting's number as each language writes it: "3rd", "3ᵉ", "1ᵉʳ atelier", "1ʳᵉ réunion".

Django's humanize gives "21<sup>er</sup>" in French; each ending here is a message of its own,
so that another language translates the ones it needs ("%(number)d." in German). The first of
a kind is a message per kind, for the languages where "first" agrees with the noun.
"""

from django.utils.translation import pgettext


def _first(kind: str) -> str:
    if kind == "workshop":
        return pgettext("ordinal of 1, the first workshop", "%(number)dst")
    if kind == "weekly_call":
        return pgettext("ordinal of 1, the first weekly call", "%(number)dst")
    if kind == "plenary":
        return pgettext("ordinal of 1, the first plenary", "%(number)dst")
    if kind == "other":
        return pgettext("ordinal of 1, the first meeting", "%(number)dst")
    return pgettext("ordinal of 1", "%(number)dst")


def ordinal(number: int, kind: str = "") -> str:
    """ "3rd"; `kind`, a Meeting.Kind, when the number comes before its noun."""
    if number == 1:
        text = _first(kind)
    elif number % 100 in (11, 12, 13):
        text = pgettext("ordinal", "%(number)dth")
    elif number % 10 == 1:
        text = pgettext("ordinal ending in 1", "%(number)dst")
    elif number % 10 == 2:
        text = pgettext("ordinal ending in 2", "%(number)dnd")
    elif number % 10 == 3:
        text = pgettext("ordinal ending in 3", "%(number)drd")
    else:
        text = pgettext("ordinal", "%(number)dth")
    return text % {"number": number}

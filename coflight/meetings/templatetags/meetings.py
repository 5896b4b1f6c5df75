from django import template

from coflight.meetings import numbers

register = template.Library()


@register.filter
def ordinal(number: int | None) -> str:
    return "" if number is None else numbers.ordinal(number)

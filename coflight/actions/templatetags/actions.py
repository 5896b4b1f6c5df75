from django import template

from coflight.actions import models

register = template.Library()


@register.filter
def minutes_blocks(item) -> list:
    """`{% for kind, block in item|minutes_blocks %}`: see actions.models.minutes_blocks."""
    return models.minutes_blocks(item)

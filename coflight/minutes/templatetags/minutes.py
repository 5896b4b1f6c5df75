from django import template

from coflight.minutes import blocks

register = template.Library()


@register.filter
def minutes_blocks(item) -> list:
    """`{% for kind, block in item|minutes_blocks %}`: see minutes.blocks.minutes_blocks."""
    return blocks.minutes_blocks(item)


@register.filter
def outside_agenda(meeting) -> list:
    """`{% for kind, block in meeting|outside_agenda %}`: see minutes.blocks.outside_agenda."""
    return blocks.outside_agenda(meeting)

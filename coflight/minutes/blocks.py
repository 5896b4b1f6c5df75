"""How an agenda item's minutes read: its paragraphs, each action and decision after the
paragraph it follows."""

from coflight.actions.models import Action
from coflight.decisions.models import Decision
from coflight.meetings.models import AgendaItem

Block = tuple[str, "str | Action | Decision"]


def minutes_blocks(item: AgendaItem) -> list[Block]:
    """("paragraph", text), ("decision", decision) and ("action", action), in reading order.

    Uses the actions and decisions prefetched by `Action.objects.placed_in` and
    `Decision.objects.placed_in` (on the item's meeting), so it costs no query. A decision
    concludes the paragraph it follows, so it comes before the actions decided after it.
    """
    paragraphs = [p.strip("\n") for p in item.minutes.split("\n\n") if p.strip()]
    outcomes: list[tuple[str, Action | Decision]] = [
        *(("decision", d) for d in item.meeting.decisions.all() if d.agenda_item_id == item.pk),
        *(("action", a) for a in item.actions.all()),
    ]

    def after(index: int) -> list[Block]:
        return [(kind, o) for kind, o in outcomes if o.after_paragraph == index]

    blocks: list[Block] = after(0)
    for index, paragraph in enumerate(paragraphs, start=1):
        blocks.append(("paragraph", paragraph))
        blocks.extend(after(index))
    blocks.extend(
        (kind, o)
        for kind, o in outcomes
        if o.after_paragraph is None or o.after_paragraph > len(paragraphs)
    )
    return blocks

"""How an agenda item's minutes read: its paragraphs, each action and decision after the
paragraph it follows."""

from collections import defaultdict

from coflight.actions.models import Action
from coflight.decisions.models import Decision
from coflight.meetings.models import AgendaItem, Meeting

Block = tuple[str, "str | Action | Decision"]
Outcome = tuple[str, "Action | Decision"]


def minutes_blocks(item: AgendaItem) -> list[Block]:
    """("paragraph", text), ("decision", decision) and ("action", action), in reading order.

    Uses the actions and decisions prefetched by `Action.objects.placed_in` and
    `Decision.objects.placed_in` (on the item's meeting), so it costs no query. A decision
    concludes the paragraph it follows, so it comes before the actions decided after it.
    """
    paragraphs = [p.strip("\n") for p in item.minutes.split("\n\n") if p.strip()]
    outcomes = _by_item(item.meeting).get(item.pk, [])

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


def outside_agenda(meeting: Meeting) -> list[Outcome]:
    """The decisions and actions of minutes under no agenda item (minutes without one)."""
    return list(_by_item(meeting).get(None, []))


def _by_item(meeting: Meeting) -> dict[int | None, list[Outcome]]:
    """The meeting's prefetched decisions and actions, by the agenda item they sit under: sorted
    once for the whole report, however many items it has."""
    found = meeting.__dict__.get("_outcomes_by_item")
    if found is None:
        found = defaultdict(list)
        for decision in meeting.decisions.all():
            found[decision.agenda_item_id].append(("decision", decision))
        for action in meeting.actions.all():
            found[action.agenda_item_id].append(("action", action))
        meeting.__dict__["_outcomes_by_item"] = found
    return found

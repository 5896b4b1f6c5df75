"""The actions minutes report on again ("Review of outstanding action items", "Previous Tasks"):
each that is an earlier meeting's action is matched to it, and the import moves that action on
(done, in progress) rather than copying it into this meeting; its line stays in this meeting's
minutes text, as written. One that matches none is this meeting's action, as before."""

import dataclasses
import re

from django.db.models import Prefetch
from django.utils.dateformat import format as date_format
from django.utils.translation import gettext as _

from coflight.actions.models import Action, Ownership
from coflight.meetings.models import Meeting
from coflight.signals import followed_once

from .parser import ParsedAction, ParsedReport

# Share of the reviewed line's words an earlier action must hold, and of its own words the
# line must hold: "Follow up on the Alpscale PR" is that action, "Follow up" is no action's.
SAME_TASK = 0.7
SHORT_WORDS = {"the", "and", "for", "with", "from", "this", "that", "will", "are", "was", "our"}
# How many earlier actions are looked at, newest first: years of weekly minutes.
LOOKED_AT = 5000
FORWARD = {
    Action.Status.OPEN: {Action.Status.IN_PROGRESS, Action.Status.DONE, Action.Status.DROPPED},
    Action.Status.IN_PROGRESS: {Action.Status.DONE, Action.Status.DROPPED},
}


def _words(text: str) -> set[str]:
    # "[put PR for fixing the build](https://…)": the link's words are no task's.
    text = re.sub(r"\]\([^()]*\)", "]", text)
    return {w for w in re.findall(r"[^\W_]{3,}", text.casefold()) if w not in SHORT_WORDS}


def _named(action: Action) -> set[str]:
    names = set()
    for ownership in action.ownerships.all():
        names.add(ownership.written_as.casefold().lstrip("@"))
        if ownership.person is not None:
            names.add(ownership.person.given_name.casefold())
    return names


def match_reviewed(report: ParsedReport, exclude: Meeting | None) -> None:
    """Moves the reviewed actions of `report` that are earlier meetings' to report.reviewed,
    their lines into its minutes text; does nothing the second time."""
    reviewed = [a for a in report.actions if a.reviewed]
    if not reviewed or report.date is None:
        return
    # The same series' actions, or with no series the same meetings' (by title): a Web team's
    # "Previous Tasks" says nothing of the Finance committee's.
    same = (
        {"meeting__series__name": report.series}
        if report.series
        else {"meeting__title__iexact": report.title}
    )
    earlier = [
        (action, _words(action.text), _named(action))
        for action in Action.objects.filter(meeting__date__lt=report.date, **same)
        .exclude(meeting=exclude)
        .select_related("meeting")
        .prefetch_related(
            Prefetch("ownerships", queryset=Ownership.objects.select_related("person"))
        )
        .order_by("-meeting__date", "position")[:LOOKED_AT]
    ]
    # Planned twice (the preview, then the save), the lines matched the first time stay so.
    taken = {pk for _parsed, pk in report.reviewed}
    matched: list[ParsedAction] = []
    for parsed in reviewed:
        found = _best(parsed, earlier, taken)
        if found is not None:
            taken.add(found.pk)
            matched.append(parsed)
            report.reviewed.append((parsed, found.pk))
    if matched:
        _keep_lines(report, matched)


def _best(
    parsed: ParsedAction, earlier: list[tuple[Action, set[str], set[str]]], taken: set[int]
) -> Action | None:
    wanted = _words(parsed.text)
    owners = {o.name.casefold().lstrip("@") for o in parsed.owners}
    owners |= {name.split()[0] for name in owners if name.split()}
    if not wanted:
        return None
    for action, theirs, named in earlier:  # newest first: the latest meeting's is reviewed
        if action.pk in taken:
            continue
        common = len(wanted & theirs)
        if common / len(wanted) < SAME_TASK or common / max(1, len(theirs)) < SAME_TASK:
            continue
        if owners and not owners & named:
            continue
        return action
    return None


def _keep_lines(report: ParsedReport, matched: list[ParsedAction]) -> None:
    """The matched lines, as written, become a paragraph of their item's minutes, where they
    stood; what follows them in the item moves down one paragraph."""
    order = {id(a): n for n, a in enumerate(report.actions)}
    gone = {id(a) for a in matched}
    report.actions = [a for a in report.actions if id(a) not in gone]
    groups: dict[tuple[str | None, int | None], list[ParsedAction]] = {}
    for action in matched:
        groups.setdefault((action.item, action.after_paragraph), []).append(action)
    for (number, at), lines in groups.items():
        # "Ann to draft it and Bob to review it", both matched: its line, once.
        written = {a.line: a.source for a in lines}
        paragraph = "\n".join(written[n] for n in sorted(written))
        item = report.item(number) if number else None
        if item is None:
            report.summary = "\n\n".join(p for p in (report.summary, paragraph) if p)
            continue
        at = at or 0
        item.paragraphs.insert(at, paragraph)
        last = max(order[id(a)] for a in lines)
        for action in report.actions:
            place = action.after_paragraph
            if action.item == number and place is not None:
                # Those after the lines in the item, and those beside them but listed later.
                action.after_paragraph = place + (
                    place > at or (place == at and order[id(action)] > last)
                )
        for decision in report.decisions:
            if decision.item == number and (decision.after_paragraph or 0) > at:
                decision.after_paragraph = (decision.after_paragraph or 0) + 1


@dataclasses.dataclass
class Reviewed:
    line: ParsedAction
    action: Action
    becomes: str  # the status it moves on to, as shown; "" when it stays as it is


def reviewed_actions(report: ParsedReport) -> list[Reviewed]:
    """The matched lines of `report`, each with the earlier action it is, for the preview."""
    if not report.reviewed:
        return []
    found = Action.objects.select_related("meeting").in_bulk([pk for _p, pk in report.reviewed])
    return [
        Reviewed(parsed, found[pk], _becomes(found[pk], parsed.status))
        for parsed, pk in report.reviewed
        if pk in found
    ]


def _becomes(action: Action, status: str) -> str:
    moves = status in FORWARD.get(Action.Status(action.status), ())
    return str(Action.Status(status).label) if moves else ""


def move_on(report: ParsedReport, meeting: Meeting) -> None:
    """Each matched earlier action moves on as the minutes of `meeting` report: "[x]" closes
    an open one; none is reopened or moved back by a list that may be stale."""
    ids = [pk for _parsed, pk in report.reviewed]
    actions = Action.objects.select_for_update().in_bulk(ids)
    note = _("As the minutes of %(meeting)s, %(date)s, report.") % {
        "meeting": meeting.title,
        "date": date_format(meeting.date, "j F Y"),
    }
    # Each through Action.set_status, for its history, search entry and live update; what
    # follows the saves runs once for them all.
    with followed_once():
        for parsed, pk in report.reviewed:
            action = actions.get(pk)
            if action is not None and _becomes(action, parsed.status):
                action.set_status(parsed.status, note)

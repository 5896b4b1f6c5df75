"""The CompatibleOne reports' own style, which coflight's Markdown export also writes:
`Action:` lines with `Owner:`, `Due:`, `Status:` and `Note:` lines under them, materials, the next
meeting, and due phrases ("during the next plenary meeting (13 June)") settled on meetings."""

import dataclasses
import re
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from . import prose
from .action_lines import AT_ACTION, NAME_TO_TASK
from .decisions import DECISION_LINE
from .model import Owner, ParsedAction, ParsedItem
from .sections import ACTION_ITEMS_HEADING
from .text import (
    BULLET,
    HEADING_MARKS,
    LABEL,
    TIME,
    WEEKDAYS,
    clean,
    find_date,
    kind_of,
    owners_of,
    parse_time,
    split_names,
)

if TYPE_CHECKING:
    from .reader import Reader

ACTION_LINE = re.compile(
    r"^(?:ACTION|Action|action)(?: items?|s)?[ \u00a0]?:[ \u00a0]?(?P<text>.*)$"
)
# "Owners:", « Responsable(s) : », « Porteurs : »; « Pilote : » names the owner who leads.
OWNER_LINE = re.compile(
    r"^(?:Owners?|OWNERS?|Owner\(s\)|Responsible|Who|Responsables?|Responsable\(s\)|Porteurs?"
    r"|Porteur\(s\)|(?P<pilot>Pilotes?))[ \u00a0]?:[ \u00a0]?(?P<names>.*)$"
)
NEXT_MEETING = re.compile(
    r"^next (?P<kind>plenary |weekly |)(?:meeting|call|plenary) ?: ?(?P<when>.+)$", re.I
)
# « Prochaine réunion plénière : 13 juin 2013 », « Prochaine plénière : … », « Prochaine
# réunion : … ».
FRENCH_NEXT_MEETING = re.compile(
    r"^prochaine? (?P<noun>réunion|séance|conférence téléphonique|conférence|rencontre|plénière)"
    r"(?: (?P<kind>plénière|hebdomadaire|mensuelle))? ?: ?(?P<when>.+)$",
    re.I,
)
# "during the next plenary meeting (13 June)", "before the plenary meeting (13 June)".
DUE_MEETING = re.compile(
    r"\b(?:(?P<which>next|following) (?P<kind>weekly|plenary|monthly)? ?"
    r"|(?:before|by|at|for) the (?P<named>weekly|plenary|monthly) )(?:meeting|call|plenary)"
    r"(?: \((?P<when>[^)]{3,40})\))?",
    re.I,
)
# As a French report says them: « lors de la prochaine réunion hebdomadaire (30 mai) », « lors de
# la réunion hebdomadaire suivante (6 juin) », « lors de la prochaine plénière », « avant la
# plénière du 13 juin », « avant la réunion plénière (13 juin) ».
FRENCH_MEETING_NOUN = r"(?:réunion|séance|conférence téléphonique|conférence|rencontre|plénière)"
FRENCH_MEETING_KIND = r"(?:hebdomadaire|plénière|mensuelle)"
FRENCH_DUE_MEETING = re.compile(
    rf"\b(?:prochaine? {FRENCH_MEETING_NOUN}(?: {FRENCH_MEETING_KIND})?"
    rf"|{FRENCH_MEETING_NOUN}(?: {FRENCH_MEETING_KIND})? suivante"
    rf"|(?:avant|pour|à|lors de|au cours de|pendant|durant|d[’']ici) (?:la|le) "
    rf"(?:{FRENCH_MEETING_NOUN} )?{FRENCH_MEETING_KIND}(?! suivante| prochaine))"
    r"(?: \((?P<when>[^)]{3,40})\)| du (?P<day>\d{1,2}(?:er)? [^\W\d_]{3,9}\.?(?: \d{4})?))?",
    re.I,
)
FRENCH_WEEKDAYS = r"(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)"
# "by 30 May"; « d’ici le 30 mai », « avant le 30 mai », « au plus tard le 30 mai »; « pour le »
# and « jusqu’au » only with a date right after them (« pour le CompatibleOne Day » is none).
DUE_DATE = re.compile(
    r"\b(?:(?:by|before|due|until|d'ici le|d’ici le|avant le|au plus tard le) "
    rf"|(?:pour le|jusqu[’']au) (?=(?:{FRENCH_WEEKDAYS} )?\d{{1,2}}(?:er)? ?(?:[^\W\d_]{{3,9}}|/)))"
    r"(?P<when>[^,;()]{4,30})",
    re.I,
)
# "… during the weekly call:", « … lors de la conférence téléphonique hebdomadaire : ».
CALL_INTRO = re.compile(r"during (?P<title>[^:]{3,120}?) ?:$")
FRENCH_CALL_INTRO = re.compile(
    r"\b(?:lors|au cours) d(?:e la |e l[’']|u |e )(?P<title>[^:]{3,120}?) ?:$", re.I
)
CALL_WHEN = re.compile(
    rf"^(?:{WEEKDAYS} )?(?P<date>\d{{1,2}}(?:er)? [^\W\d_]{{3,9}}|[^\W\d_]{{3,9}} \d{{1,2}})"
    rf"(?: \d{{4}})? (?:at|à) (?P<time>{TIME})",
    re.I,
)
DIAL_IN = re.compile(
    r"^(?:to dial in|dial[- ]in|phone|tel(?:ephone)?|pour appeler|pour se connecter"
    r"|téléphone|tél\.?|numéro d[’']appel|accès téléphonique) ?: ?(?P<number>.+)$",
    re.I,
)
# "You will find the slides … here", « Vous trouverez ici les transparents … », « Le compte
# rendu est disponible ici ».
MATERIAL = re.compile(
    r"\b(?:slides|presentation|document|minutes)\b.*\bhere\b"
    r"|\b(?:transparents|diapositives|présentations?|documents?|compte rendu)\b.*\bici\b"
    r"|\bici\b.*\b(?:transparents|diapositives|présentations?|documents?|compte rendu)\b",
    re.I,
)
# "Material:", and « Support : » as coflight's Markdown writes it in French: with the space
# before the colon only, so that an English "Support: …" line stays words of the minutes.
MATERIAL_LINE = re.compile(
    r"^(?:(?:material|materials|slides|document) ?|supports? ):"
    r" ?(?P<title>[^\s].{0,298}?)"
    r"(?: <?(?P<url>https?://[^\s>]+)>?)?$",
    re.I,
)
FOLLOW_LINE = re.compile(
    r"^(?P<key>due|status|note|closing note|échéance|statut|note de clôture)[ \u00a0]?:[ \u00a0]?"
    r"(?P<value>.*)$",
    re.I,
)
# « Échéance : », « Statut : », as a French report writes them: the English keys they are.
FRENCH_KEYS = {"échéance": "due", "statut": "status", "note de clôture": "closing note"}
STATUSES = {
    "open": "open", "in progress": "in_progress", "done": "done", "dropped": "dropped",
    "closed": "done", "cancelled": "dropped", "canceled": "dropped",
    "ouverte": "open", "en cours": "in_progress", "terminée": "done", "faite": "done",
    "abandonnée": "dropped", "close": "done",
}  # fmt: skip
PRESENTED = re.compile(
    r"^(?:Then |Puis |Ensuite )?(?P<names>[A-ZÀ-Ý][^.]{0,120}?) (?:demoed and presented|presented"
    r"|demoed|(?:ont|a) (?:fait une démonstration et présenté|présenté et fait une démonstration"
    r"|présenté|fait une démonstration))\b"
)


def read_material(reader: "Reader", line: str, text: str, index: int) -> int | None:
    material = MATERIAL_LINE.match(text)
    if not material:
        return None
    title, url = material["title"].strip(), material["url"] or ""
    held = reader.current.materials if reader.current else reader.report.materials
    held.append((title, url))
    return index


def read_next_meeting_line(reader: "Reader", line: str, text: str, index: int) -> int | None:
    next_meeting = NEXT_MEETING.match(text)
    if next_meeting:
        read_next_meeting(reader, next_meeting)
        return index
    french = FRENCH_NEXT_MEETING.match(text)
    if french:
        read_french_next_meeting(reader, french)
        return index
    return None


def read_action_line(reader: "Reader", line: str, text: str, index: int) -> int | None:
    action = ACTION_LINE.match(text)
    if not action or reader.in_action_items:
        return None
    as_written = ACTION_LINE.match(BULLET.sub("", line).strip(" \u00a0"))
    return read_action(reader, (as_written or action)["text"], index)


def read_call(reader: "Reader", text: str) -> None:
    """ "… during the weekly call: / Thursday 6 June at 16:00 / Dial-in: …", in the minutes."""
    call = CALL_INTRO.search(text)
    french = FRENCH_CALL_INTRO.search(text) if not call else None
    if call:
        reader.pending_call_title = call["title"].strip()
    elif french:
        title = french["title"].strip()
        reader.pending_call_title = title[:1].upper() + title[1:]
    when = CALL_WHEN.match(text)
    if when and reader.pending_call_title:
        date, _w, _m = find_date(when["date"], reader.year_for_follow_ups())
        if date:
            reader.pending_call = reader.follow_up(
                kind_of(reader.pending_call_title) or "weekly_call",
                date,
                reader.pending_call_title,
            )
            reader.pending_call.starts_at = parse_time(when["time"])
    dial = DIAL_IN.match(text)
    if dial and reader.pending_call:
        reader.pending_call.dial_in = dial["number"].strip()


def read_presenters(reader: "Reader", item: ParsedItem, paragraph: str) -> None:
    """ "Then Ann and Bob presented …": the item's presenters, when they are attendees."""
    if item.presenters or item.parent_number is not None:
        return
    presented = PRESENTED.match(paragraph)
    attendees = {n for _, names in reader.report.attendees for n in names}
    if presented:
        names = split_names(presented["names"])
        if names and all(n in attendees for n in names):
            item.presenters = names


def read_action(reader: "Reader", text: str, index: int) -> int:
    reader.flush_paragraph()
    following = index
    wrapped: list[str] = []
    # Text copied from a page may wrap an action over a few lines before its owner line.
    while following < len(reader.lines) and len(wrapped) <= 3:
        candidate = clean(reader.lines[following])
        if candidate and (OWNER_LINE.match(candidate) or is_structure(candidate)):
            break
        if candidate:
            wrapped.append(reader.lines[following].strip(" \u00a0"))
        following += 1
    owner_line = (
        OWNER_LINE.match(clean(reader.lines[following])) if following < len(reader.lines) else None
    )
    if owner_line and wrapped:
        text = " ".join([text.rstrip(), *wrapped])
    elif not owner_line:
        following, filled = reader.next_filled(index)
        owner_line = OWNER_LINE.match(filled)
    if owner_line:
        owners, acting_for = owners_of(owner_line["names"])
        if owner_line["pilot"] and owners and not any(o.lead for o in owners):
            owners[0].lead = True  # « Pilote : Jean » : Jean leads
        action = reader.add_action(text, owners)
        action.acting_for = acting_for
        action.blank_owner_line = not owners
        return read_action_details(reader, action, following + 1)
    # "Action: Ann to draft the charter and Bob to review it", "Action items: Laurent updates …".
    tasks = prose.owned_tasks(reader, clean(text))
    if len(tasks) > 1 or tasks[0][1]:
        for task, names in tasks:
            reader.add_action(task, [Owner(n) for n in names])
        return index
    named = NAME_TO_TASK.match(clean(text))
    if named:
        reader.add_action(named["text"], [Owner(n) for n in split_names(named["names"])])
    else:
        reader.add_action(text, [])
    return index


def read_action_details(reader: "Reader", action: ParsedAction, index: int) -> int:
    """ "Due:", "Status:" and "Note:" lines under an owner line, as coflight exports them."""
    while index < len(reader.lines):
        detail = FOLLOW_LINE.match(clean(reader.lines[index]))
        if not detail:
            break
        key, value = detail["key"].lower(), detail["value"].strip()
        key = FRENCH_KEYS.get(key, key)
        if key == "due":
            action.due_phrase = value
        elif key == "status" and value.lower() in STATUSES:
            action.status = STATUSES[value.lower()]
        elif key in ("note", "closing note"):
            action.closing_note = value
        index += 1
    return index


def is_structure(text: str) -> bool:
    return bool(
        ACTION_LINE.match(text)
        or DECISION_LINE.match(text)
        or AT_ACTION.match(text)
        or LABEL.match(HEADING_MARKS.sub("", text))
        or NEXT_MEETING.match(text)
        or FRENCH_NEXT_MEETING.match(text)
        or ACTION_ITEMS_HEADING.match(text)
    )


def read_next_meeting(reader: "Reader", match: re.Match) -> None:
    reader.flush_paragraph()
    date, _w, _m = find_date(match["when"], reader.year_for_follow_ups())
    if date:
        kind = kind_of(match["kind"]) if match["kind"] else "other"
        title = (match["kind"].strip().capitalize() + " meeting") if match["kind"] else ""
        reader.report.next_meeting = reader.follow_up(kind, date, title or _("Next meeting"))
    # What follows is under no item: closing words, a signature, or (in minutes that say
    # when they meet next at the top) the actions themselves.
    reader.ended = True
    reader.current = reader.current_top = None


def read_french_next_meeting(reader: "Reader", match: re.Match) -> None:
    """« Prochaine réunion plénière : 13 juin 2013 »: as "Next plenary meeting: …" is read."""
    reader.flush_paragraph()
    date, _w, _m = find_date(match["when"], reader.year_for_follow_ups())
    if date:
        words = f"{match['noun']} {match['kind'] or ''}".lower()
        kind = kind_of(words) if ("plénière" in words or "hebdomadaire" in words) else "other"
        title = FRENCH_TITLES.get(kind, "") if kind != "other" else ""
        reader.report.next_meeting = reader.follow_up(kind, date, title or _("Next meeting"))
    reader.ended = True
    reader.current = reader.current_top = None


# The meetings a due phrase names, titled in the language of the phrase.
TITLES = {"weekly_call": "Weekly meeting", "plenary": "Plenary meeting"}
FRENCH_TITLES = {"weekly_call": "Réunion hebdomadaire", "plenary": "Réunion plénière"}


@dataclasses.dataclass
class DueMeeting:
    """The meeting a due phrase names: "next plenary meeting (13 June)", « lors de la
    prochaine réunion plénière (13 juin) »."""

    phrase: str
    kind: str  # a Meeting.Kind value: "weekly_call", "plenary" or "other"
    when: str  # the date as written beside it ("13 June", « 13 juin »), or ""
    french: bool = False


def due_meeting_in(text: str) -> DueMeeting | None:
    """The meeting `text` says an action is due at, in English or in French, if it says."""
    due = DUE_MEETING.search(text)
    if due:
        # "next weekly meeting", "before the plenary meeting", and "next plenary", the noun.
        kind = _kind_named(due.group(0), plenary="plenary", weekly="weekly")
        return DueMeeting(due.group(0), kind, due["when"] or "")
    french = FRENCH_DUE_MEETING.search(text)
    if french:
        kind = _kind_named(french.group(0), plenary="plénière", weekly="hebdomadaire")
        when = french["when"] or french["day"] or ""
        return DueMeeting(french.group(0), kind, when, french=True)
    return None


def _kind_named(phrase: str, *, plenary: str, weekly: str) -> str:
    lowered = phrase.lower()
    if plenary in lowered:
        return "plenary"
    return "weekly_call" if weekly in lowered else "other"


def settle_dues(reader: "Reader") -> None:
    """Places due phrases ("next plenary meeting (13 June)") on meetings or dates."""
    report = reader.report
    weekly_series = next((f.title for f in report.follow_ups if f.starts_at), "")
    for action in report.actions:
        written = action.due_phrase or action.text
        due = due_meeting_in(written)
        if due:
            action.due_phrase = due.phrase
            kind = due.kind
            date = None
            if due.when:
                date, _w, _m = find_date(due.when, reader.year_for_follow_ups())
            elif report.next_meeting and report.next_meeting.kind == kind:
                date = report.next_meeting.date
            if date:
                titles = FRENCH_TITLES if due.french else TITLES
                title = titles.get(kind, "Réunion" if due.french else "Meeting")
                action.due_meeting = reader.follow_up(kind, date, title)
            continue
        if action.due_phrase:
            date, _w, _m = find_date(action.due_phrase, reader.year_for_follow_ups())
            action.due_date = date
            continue
        by = DUE_DATE.search(action.text)
        if by:
            date, year_written, _m = find_date(by["when"], reader.year_for_follow_ups())
            if date:
                action.due_phrase = by.group(0)
                action.due_date = date
    for follow_up in report.follow_ups:
        if follow_up.kind == "weekly_call" and weekly_series:
            follow_up.series = weekly_series
    if report.next_meeting and report.next_meeting not in report.follow_ups:
        report.follow_ups.append(report.next_meeting)

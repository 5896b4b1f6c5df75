"""Meetings and due actions as iCalendar (RFC 5545), for people's own calendars."""

import datetime
from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, TimezoneDaylight, TimezoneStandard

from coflight.actions.models import Action
from coflight.meetings.models import Meeting


def _uid_domain() -> str:
    """The site's own host (COFLIGHT_BASE_URL), the same from one export to the next whatever
    address served the feed, so that calendar programs tell coflight's events from others'."""
    return urlsplit(settings.COFLIGHT_BASE_URL).hostname or "coflight"


def calendar(
    name: str,
    meetings: Iterable[Meeting],
    absolute: Callable[[str], str],
    actions: Iterable[Action] = (),
) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//coflight//meetings and actions//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Paris")
    for meeting in meetings:
        cal.add_component(_meeting_event(meeting, absolute))
    for action in actions:
        if due := action.due:
            cal.add_component(_action_event(action, due, absolute))
    cal.add_component(_paris())
    return cal.to_ical()


def _paris() -> Timezone:
    """Europe/Paris as the yearly rules every calendar reads.

    icalendar can derive a VTIMEZONE from the zone database, but as a list of dates, which
    vobject (and with it some calendar programs) reads as winter time all year round. The EU
    rules below have held since 1996: summer time from the last Sunday of March to the last
    Sunday of October.
    """
    zone = Timezone()
    zone.add("tzid", "Europe/Paris")
    summer = TimezoneDaylight()
    summer.add("tzname", "CEST")
    summer.add("dtstart", datetime.datetime(1996, 3, 31, 2, 0))
    summer.add("rrule", {"freq": "yearly", "bymonth": 3, "byday": "-1su"})
    summer.add("tzoffsetfrom", datetime.timedelta(hours=1))
    summer.add("tzoffsetto", datetime.timedelta(hours=2))
    winter = TimezoneStandard()
    winter.add("tzname", "CET")
    winter.add("dtstart", datetime.datetime(1996, 10, 27, 3, 0))
    winter.add("rrule", {"freq": "yearly", "bymonth": 10, "byday": "-1su"})
    winter.add("tzoffsetfrom", datetime.timedelta(hours=2))
    winter.add("tzoffsetto", datetime.timedelta(hours=1))
    zone.add_component(summer)
    zone.add_component(winter)
    return zone


def _meeting_event(meeting: Meeting, absolute: Callable[[str], str]) -> Event:
    event = Event()
    url = absolute(meeting.get_absolute_url())
    event.add("uid", f"meeting-{meeting.pk}@{_uid_domain()}")
    event.add("dtstamp", timezone.now())
    event.add("summary", meeting.title)
    if meeting.starts_at:
        event.add("dtstart", timezone.localtime(meeting.starts_at))
        if meeting.ends_at:
            ends = timezone.localtime(meeting.ends_at)
            if meeting.last_day:
                # "14-15 January, 9:00-17:30": from the first morning to the last evening.
                ends = ends.replace(year=meeting.last_day.year, month=meeting.last_day.month,
                                    day=meeting.last_day.day)  # fmt: skip
            event.add("dtend", ends)
    else:
        # The report gives a day but no time: an all-day event, not an invented hour.
        _all_day(event, meeting.date, meeting.last_day)
    location = ", ".join(p for p in (meeting.venue, meeting.address, meeting.room) if p)
    if location:
        event.add("location", location)
    description = [url]
    if meeting.starts_at and not meeting.ends_at:
        # No end is made up: calendars show the start, and the description says why no more.
        description.insert(0, _("The report gives its start time, not its end."))
    if meeting.dial_in:
        description.insert(0, _("Dial-in: %(number)s") % {"number": meeting.dial_in})
        number = "".join(c for c in meeting.dial_in.split("(")[0] if c.isdigit() or c == "+")
        if number:
            event.add(
                "conference",
                f"tel:{number}",
                parameters={"VALUE": "URI", "FEATURE": "AUDIO,PHONE", "LABEL": meeting.dial_in},
            )
    event.add("description", "\n".join(description))
    event.add("url", url)
    return event


def _action_event(action: Action, due: datetime.date, absolute: Callable[[str], str]) -> Event:
    event = Event()
    url = absolute(action.get_absolute_url())
    event.add("uid", f"action-{action.pk}@{_uid_domain()}")
    event.add("dtstamp", timezone.now())
    event.add(
        "summary",
        _("Action %(reference)s: %(text)s") % {"reference": action.reference, "text": action.text},
    )
    _all_day(event, due)
    event.add("transp", "TRANSPARENT")
    owners = _("Owners: %(owners)s") % {"owners": action.owners_text() or "—"}
    event.add("description", f"{owners}\n{url}")
    event.add("url", url)
    return event


def _all_day(event: Event, day: datetime.date, last: datetime.date | None = None) -> None:
    """An all-day event ends the day after its last. A date stored before dates were checked
    may be the last there is; such an event has no end (one day, by RFC 5545), and the feed
    still works."""
    event.add("dtstart", day)
    last = last or day
    if last < datetime.date.max:
        event.add("dtend", last + datetime.timedelta(days=1))

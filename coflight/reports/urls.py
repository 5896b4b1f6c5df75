"""Every address under /meetings/, /people/ and /organisations/, and the home page.

A meeting's exports and emails are declared here too, beside the meeting page they belong to,
although their views live in the apps that make them.
"""

from django.urls import include, path

from coflight.calendars import views as calendars
from coflight.meetings import views as planning
from coflight.minutes import views as minutes
from coflight.notifications import views as notifications
from coflight.people import views as people

from . import views

meeting_urls = [
    path("new/", planning.new_meeting, name="new"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", planning.edit_meeting, name="edit"),
    path("<int:pk>/plan-next/", planning.plan_next, name="plan_next"),
    path("<int:pk>/agenda/", planning.agenda, name="agenda"),
    path("<int:pk>/agenda/add/", planning.agenda_add, name="agenda_add"),
    path("<int:pk>/agenda/<int:item>/", planning.agenda_change, name="agenda_change"),
    path("<int:pk>/agenda/<int:item>/move/", planning.agenda_move, name="agenda_move"),
    path("<int:pk>/agenda/<int:item>/remove/", planning.agenda_remove, name="agenda_remove"),
    path(
        "<int:pk>/agenda/<int:item>/presenters/",
        planning.agenda_presenters,
        name="agenda_presenters",
    ),
    path(
        "<int:pk>/agenda/<int:item>/materials/", planning.agenda_materials, name="agenda_materials"
    ),
    path("<int:pk>/roll-call/", planning.roll_call, name="roll_call"),
    path("<int:pk>/roll-call/mark/", planning.roll_call_mark, name="roll_call_mark"),
    path("<int:pk>/invitations/add/", planning.invite, name="invite"),
    path("<int:pk>/invitations/remove/", planning.uninvite, name="uninvite"),
    path("<int:pk>/minutes/", minutes.write_minutes, name="write"),
    path("<int:pk>/agenda/<int:item>/minutes/", minutes.save_item_minutes, name="item_minutes"),
    path("<int:pk>/capture/", minutes.capture_line, name="capture"),
    path("<int:pk>/agenda/<int:item>/amend/", minutes.amend_item_minutes, name="amend"),
    path("<int:pk>/start/", planning.start, name="start"),
    path("<int:pk>/end/", planning.end, name="end"),
    path("<int:pk>/publish/", planning.publish, name="publish"),
    path("<int:pk>/report.txt", views.meeting_source, name="source"),
    path("<int:pk>.md", minutes.meeting_markdown, name="markdown"),
    path("<int:pk>.ics", calendars.one_meeting, name="ics"),
    path("<int:pk>/minutes/email/", notifications.minutes_confirm, name="minutes_confirm"),
    path("<int:pk>/minutes/email/send/", notifications.minutes_send, name="minutes_send"),
]

people_urls = [
    path("", people.person_list, name="list"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/email/", views.email_preferences, name="email"),
]

organisation_urls = [
    path("", views.organisation_list, name="list"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
]

urlpatterns = [
    path("", views.home, name="home"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("meetings/", include((meeting_urls, "meetings"))),
    path("people/", include((people_urls, "people"))),
    path("organisations/", include((organisation_urls, "organisations"))),
]

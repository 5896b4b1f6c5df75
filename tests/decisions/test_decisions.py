"""Decisions are first-class: in the report, the Markdown, the minutes email, search and the
importer, in the minutes' own words."""

import pytest

from coflight.decisions.models import Decision
from coflight.minutes.parser import parse
from coflight.minutes.services import import_save
from tests.conftest import text_of
from tests.minutes.test_markdown import markdown_of

pytestmark = pytest.mark.django_db

RELEVANCE = "All participants agreed on the relevance of this work."
IMPORTANCE = "All participants agreed on their importance."


def test_the_report_lists_its_decisions_and_shows_each_where_it_was_taken(client, report):
    page = text_of(client.get(report.get_absolute_url()))
    d1, d2 = report.decisions.all()
    assert f"Decisions 2 {d1.reference} {RELEVANCE} {d2.reference} {IMPORTANCE}" in page
    # In 2a's minutes, after the paragraph that states it.
    assert (
        f"complete independent way. {RELEVANCE} Decision {d1.reference} {RELEVANCE} "
        "Agreed by: All participants"
    ) in page
    # In 5's, before the actions decided after the same paragraph.
    after = page.split(f"Decision {d2.reference} {IMPORTANCE} Agreed by: All participants")[1]
    assert after.lstrip().startswith("A12")


def test_the_markdown_states_each_decision_and_imports_back_without_doubling_it(client, report):
    text = markdown_of(client, report)
    assert f"- **Decision:** {RELEVANCE}\n  - **Agreed by:** All participants\n" in text
    import_save(parse(text), replace=True)
    decisions = Decision.objects.filter(meeting__date="2013-05-16")
    assert [(d.agenda_item.number, d.text, d.agreed_by) for d in decisions] == [
        ("2a", RELEVANCE, "All participants"),
        ("5", IMPORTANCE, "All participants"),
    ]


def test_a_decision_line_is_read_as_a_decision_with_who_agreed():
    report = parse(
        "Steering committee, 3 March 2025\n\n1) Budget\n\nWe looked at the figures.\n\n"
        "Decision: the budget for 2025 is approved\nAgreed by: Ann, Bob\n\n"
        "DECISION: meet monthly\n"
        "ACTION: Ann to send the figures\n"
    )
    assert [(d.text, d.item, d.after_paragraph, d.agreed_by) for d in report.decisions] == [
        ("the budget for 2025 is approved", "1", 1, "Ann, Bob"),
        ("meet monthly", "1", 1, ""),
    ]
    assert [a.text for a in report.actions] == ["Send the figures"]


def test_a_sentence_that_is_not_an_agreement_is_no_decision():
    report = parse(
        "Steering committee, 3 March 2025\n\n1) Budget\n\n"
        "Ann asked whether all participants agreed. Nobody answered.\n\n"
        "ACTION: Ann to send the figures\n"
    )
    assert report.decisions == []


def test_decisions_are_found_by_search(client, report):
    page = text_of(client.get("/search/", {"q": "relevance"}))
    assert f"Decisions 1 {RELEVANCE}" in page


def test_the_minutes_email_states_the_decisions(client, report, staff, mailoutbox):
    from coflight.meetings.models import Attendance
    from tests.factories import make_person

    someone = make_person("Zoé", email="zoe@example.org")
    Attendance.objects.create(meeting=report, person=someone, position=99)
    client.force_login(staff)
    client.post(f"/meetings/{report.pk}/minutes/email/send/")
    [message] = [m for m in mailoutbox if "zoe@example.org" in m.to[0]]
    html = message.alternatives[0][0]
    assert message.body.count("- **Decision:** ") == 2
    assert f"<strong>Decision:</strong> {RELEVANCE}" in html

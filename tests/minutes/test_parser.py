"""The minutes reader, on its own: conventions it knows, and input it refuses clearly."""

import datetime
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coflight.minutes.parser import MAX_BYTES, MinutesError, decode, parse
from tests.conftest import SEED_TEXT

STEERING = (Path(__file__).parent / "steering-committee.md").read_text(encoding="utf-8")


def owners(action) -> list[str]:
    return [o.name for o in action.owners]


def test_markdown_minutes_with_the_usual_conventions():
    report = parse(STEERING)
    assert report.title == "Steering committee"
    assert report.date == datetime.date(2013, 6, 3)
    assert (report.starts_at, report.ends_at) == (datetime.time(14), datetime.time(15, 30))
    assert (report.venue, report.address, report.room) == (
        "Bull",
        "rue Jean Jaurès, Les Clayes-sous-Bois",
        "B12",
    )
    assert report.attendees == [
        ("Bull", ["Jean-Pierre"]),
        ("OnApp", ["Ann Smith"]),
        ("OnApp", ["Stuart"]),
    ]
    assert [(i.number, i.title) for i in report.items] == [
        ("1", "Budget"),
        ("2", "Roadmap"),
        ("2a", "Release plan"),
    ]
    actions = [(a.item, a.text, owners(a)) for a in report.actions]
    assert actions == [
        ("1", "Send the revised budget by 10 June", ["Ann"]),
        ("2", "Publish the roadmap draft", ["Stuart"]),
        (None, "Call the OW2 board", ["Jean-Pierre"]),
        (None, "Prepare the SLA workshop", ["Ann", "Stuart"]),
    ]
    assert report.actions[0].due_date == datetime.date(2013, 6, 10)


@pytest.mark.parametrize(
    "heading", ["1. Budget", "1) Budget", "1 - Budget", "## 1. Budget", "A. Budget", "a) Budget"]
)
def test_numbered_and_lettered_headings(heading):
    report = parse(f"Board\nDate: 2014-01-09\n\n{heading}\nSpent.\nACTION: Ann to pay\n")
    assert [i.title for i in report.items] == ["Budget"]
    assert report.actions[0].item == report.items[0].number
    assert report.items[0].paragraphs == ["Spent."]


@pytest.mark.parametrize("heading", ["Present:", "Attendees", "Roll call:", "## Participants"])
def test_lists_of_people_present(heading):
    report = parse(f"Call\n16/05/2013\n\n{heading}\n- Ann (Acme)\n- Bob\n\n@Ann: write it up\n")
    assert report.attendees == [("Acme", ["Ann"]), ("", ["Bob"])]


def test_people_present_on_one_line():
    report = parse("Call, 16 May 2013\nPresent: Ann (Acme), Bob (Beta)\n@Bob: write it up\n")
    assert report.attendees == [("Acme", ["Ann"]), ("Beta", ["Bob"])]


def test_owner_lines_with_lead_and_acting_for_notes():
    report = parse(
        "Call, 16 May 2013\n\n1) Plan\nAction: Draft the plan\n"
        "Owners: Ann (lead), Bob & Carl and Dee (in replacement of the chair)\n"
    )
    action = report.actions[0]
    assert [(o.name, o.lead, o.acting_for) for o in action.owners] == [
        ("Ann", True, ""),
        ("Bob", False, ""),
        ("Carl", False, ""),
        ("Dee", False, "in replacement of the chair"),
    ]
    assert action.acting_for == ""


def test_text_copied_from_a_web_page():
    text = (
        "Weekly call\u00a0– 30\u00a0May 2013\r\n\r\n  •\u00a0Present\u00a0: Ann,\u00a0Bob\r\n\r\n"
        "  • 1)\u00a0Status\r\nAction\u00a0: Ship\u00a0it\r\nOwner:\u00a0Ann\u00a0\r\n"
    )
    report = parse(text)
    assert report.date == datetime.date(2013, 5, 30)
    assert report.actions[0].text == "Ship it"
    assert owners(report.actions[0]) == ["Ann"]


def test_due_phrases_are_placed_on_meetings_or_dates():
    report = parse(
        "Call, 16 May 2013\n\n1) Plan\n"
        "Action: Decide during the next plenary meeting (13 June)\nOwner: Ann\n"
        "Action: Report by 1 July 2013\nOwner: Bob\n"
        "Action: Discuss at the next meeting\nOwner: Carl\n"
    )
    first, second, third = report.actions
    assert first.due_meeting is not None
    assert (first.due_meeting.kind, first.due_meeting.date) == (
        "plenary",
        datetime.date(2013, 6, 13),
    )
    assert second.due_date == datetime.date(2013, 7, 1)
    assert third.due_phrase == "next meeting" and third.due_meeting is None


def test_the_seed_reads_whole_its_wiki_footer_kept_as_its_closing_text():
    report = parse(SEED_TEXT)
    assert len(report.actions) == 13
    assert report.unread() == []
    assert report.closing_text == (
        "This wiki is licensed under a Creative Commons 2.0 license\n"
        "XWiki Enterprise 4.5.1 - Documentation - Legal Notice\n\n"
        "Site maintained by"
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "The text is empty."),
        (b"   \n\n ", "The text is empty."),
        (b"%PDF-1.4\x00\x00\x01binary", "This is not a text file"),
        (b"x" * (MAX_BYTES + 1), "The text is too long (5.0 MB)"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(data, message):
    with pytest.raises(MinutesError, match=message.replace("(", r"\(").replace(")", r"\)")):
        text, _notices = decode(data)
        parse(text)


def test_ten_megabytes_are_refused():
    with pytest.raises(MinutesError, match="too long"):
        decode(b"Action: x\n" * 1_100_000)


def test_latin_1_minutes_are_read_and_the_reader_is_told():
    data = "Réunion, 16 mai 2013\n@Hélène: préparer l'été\n".encode("latin-1")
    text, notices = decode(data)
    assert text.startswith("Réunion")
    assert "not UTF-8" in notices[0]
    report = parse(text)
    assert report.date == datetime.date(2013, 5, 16)
    assert owners(report.actions[0]) == ["Hélène"]


def test_a_report_without_a_date_or_without_actions_is_read_all_the_same():
    undated = parse("Weekly call\n\nAction: do it\nOwner: Ann\n")
    assert undated.date is None and len(undated.actions) == 1
    quiet = parse("Weekly call, 16 May 2013\n\nWe talked.\n")
    assert quiet.actions == [] and "We talked." in quiet.summary


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=3000))
def test_any_text_is_read_or_refused_clearly(text):
    try:
        parse(text)
    except MinutesError as error:
        assert str(error)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=3000))
def test_any_bytes_are_decoded_or_refused_clearly(data):
    try:
        text, _notices = decode(data)
        parse(text)
    except MinutesError as error:
        assert str(error)


LINE_PIECES = st.sampled_from(
    [
        "Action: ",
        "Owner: ",
        "@",
        "1) ",
        "a) ",
        "(",
        ")",
        "•",
        " ",
        "\u00a0",
        "Present:",
        ", ",
        "&",
        " and ",
        "16 May 2013",
        "next plenary meeting (",
        "by ",
        "Ann",
        ":",
        "-",
        "## ",
        "### ",
        "Agenda\n",
        "\n",
    ]
)


@settings(max_examples=200, deadline=None)
@given(st.lists(LINE_PIECES, max_size=400).map("".join))
def test_minutes_shaped_noise_is_read_or_refused_clearly(text):
    try:
        report = parse(text)
    except MinutesError as error:
        assert str(error)
        return
    numbers = [item.number for item in report.items]
    assert len(set(numbers)) == len(numbers), "two agenda items with one number cannot be saved"
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    assert len(report.roles) == len(lines)
    unread = [line for line, role in zip(lines, report.roles, strict=True) if not role]
    assert not any(c.isalnum() for line in unread for c in line), "a line of words was not read"


@pytest.mark.parametrize(
    "unit",
    [
        "Action: " + "(" * 50 + "\nOwner: " + "Ann, " * 50 + "\n",
        "  • " + "1) " * 40 + "a" * 200 + ": " + "Ann & " * 40 + "\n",
        "@" + "Ann, @" * 60 + ": x\n",
        "x" * 5000 + " by " + "1" * 200 + "\n",
        "\u00a0 " * 2000 + "\n",
    ],
)
def test_reading_time_grows_with_the_length_of_the_text(unit):
    """No pattern backtracks: eight times the text takes about eight times as long."""
    header = "Call, 16 May 2013\n@Ann: x\n"

    def seconds(copies: int) -> float:
        text = header + unit * copies
        start = time.perf_counter()
        parse(text)
        return time.perf_counter() - start

    seconds(5)
    small = min(seconds(20) for _ in range(3))
    large = min(seconds(160) for _ in range(3))
    assert large < small * 8 * 4 + 0.05


def test_an_action_wrapped_over_several_lines_before_its_owner():
    report = parse(
        "Call, 16 May 2013\n\n1) Plan\nAction: Organise a full day\nworkshop dedicated to SLA\n\n"
        "Owner: Ann\nWe then talked.\n"
    )
    assert report.actions[0].text == "Organise a full day workshop dedicated to SLA"
    assert [o.name for o in report.actions[0].owners] == ["Ann"]
    assert report.items[0].paragraphs == ["We then talked."]


@pytest.mark.parametrize(
    ("minutes", "day"),
    [
        ("Board\n\n* Date: 2023-08-30T14:00:00Z\n* Attendees: Ann\n", "2023-08-30"),
        ("Council\n\n- Meeting Date: August 6, 2024\n\n- Ann to go\n", "2024-08-06"),
        ("TC\n\n- **Dates**: Tuesday February 6th, 2018\n", "2018-02-06"),
        ("---\ntitle: Board\ndate: 2022-03-01\n---\n\n# Board\n\nWe met.\n", "2022-03-01"),
        (
            "TC meeting\n\nLog: https://meetings.opendev.org/meetings/tc/2019/"
            "tc.2019-05-02-14.00.log.html\n",
            "2019-05-02",
        ),
    ],
)
def test_the_date_is_read_where_real_minutes_write_it(minutes, day):
    report = parse(minutes)
    assert report.date is not None and report.date.isoformat() == day
    assert report.title in ("Board", "Council", "TC", "TC meeting")
    assert [i.title for i in report.items] != ["Board"]


def test_an_attendees_link_text_is_their_name_and_a_departure_no_organisation():
    report = parse(
        "Call, 3 June 2022\n\nPresent: [Anne Bertucio](mailto:anne@example.org) (Google), "
        "Ben (left at 11:04), Chloé Dupont (Inria)\n"
    )
    assert report.attendees == [
        ("Google", ["Anne Bertucio"]),
        ("", ["Ben"]),
        ("Inria", ["Chloé Dupont"]),
    ]


def test_an_organisation_in_brackets_keeps_its_own_commas_and_square_brackets_are_one_too():
    report = parse(
        "Call, 3 June 2022\n\nPresent: Jenn Bonner (LF, OpenSSF), Aeva Black (Microsoft)\n\n"
        "Attendees:\n* Tim Hockin [Google]\n"
    )
    assert report.attendees == [
        ("LF, OpenSSF", ["Jenn Bonner"]),
        ("Microsoft", ["Aeva Black"]),
        ("Google", ["Tim Hockin"]),
    ]

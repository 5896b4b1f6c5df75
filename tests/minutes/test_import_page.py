import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from coflight.actions.models import Action
from coflight.meetings.models import Meeting
from coflight.people.models import Person
from tests.conftest import SEED_TEXT, text_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def importer(client, staff):
    client.force_login(staff)
    return client


def counts() -> tuple[int, int, int]:
    return Meeting.objects.count(), Action.objects.count(), Person.objects.count()


def test_anonymous_visitors_are_sent_to_sign_in(client, db):
    response = client.get("/import/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/import/"
    response = client.post("/import/", {"text": SEED_TEXT, "save": "1"})
    assert response.status_code == 302
    assert counts() == (0, 0, 0)


def test_members_who_are_not_staff_are_refused(client, member):
    client.force_login(member)
    before = counts()
    assert client.get("/import/").status_code == 403
    assert client.post("/import/", {"text": SEED_TEXT, "save": "1"}).status_code == 403
    assert counts() == before


def test_other_methods_are_refused(importer):
    assert importer.put("/import/").status_code == 405
    assert importer.delete("/import/").status_code == 405


def test_a_post_without_csrf_token_is_refused(staff):
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff)
    assert client.post("/import/", {"text": SEED_TEXT, "save": "1"}).status_code == 403
    assert counts() == (0, 0, 0)


def test_the_preview_shows_the_meeting_and_what_to_settle_and_saves_nothing(importer):
    response = importer.post("/import/", {"text": SEED_TEXT, "preview": "1"})
    assert response.status_code == 200
    page = text_of(response)
    assert "Import preview" in page
    assert "CompatibleOne 2013 & Beyond Workshop" in page
    assert "Thursday 16 May 2013" in page
    assert "Attendees 29" in page
    assert "“Patrice”, owner of action 9, could be several people:" in page
    assert "Najah (owner of action 11) is not among the attendees." in page
    assert "Action 8: its owner line is blank." in page
    # The wiki's footer, which is no structure, is shown as the text it stays.
    assert "Site maintained by" in page and "will not be imported" not in page
    assert "Patrice (to settle)" in page
    assert counts() == (0, 0, 0)


def test_saving_imports_it_all_and_shows_the_meeting(importer):
    response = importer.post("/import/", {"text": SEED_TEXT, "save": "1"})
    assert response.status_code == 302
    meeting = Meeting.objects.get(date="2013-05-16")
    assert response["Location"] == meeting.get_absolute_url()
    assert counts() == (4, 13, 30)
    page = text_of(importer.get(response["Location"]))
    assert "Imported “CompatibleOne 2013 & Beyond Workshop” with 13 actions." in page
    first = Action.objects.get(meeting=meeting, position=1)
    page = text_of(importer.get(first.get_absolute_url()))
    assert "Recorded in the report of this meeting; loaded by an import of its minutes" in page
    assert ", by staff)" in page


def test_the_importer_settles_a_doubt_by_choosing(importer):
    preview = importer.post("/import/", {"text": SEED_TEXT, "preview": "1"})
    choice = next(c for c in preview.context["plan"].choices if c.key == "owner-9-0")
    bourges = next(v for v, label in choice.options if "Bourges" in label)
    importer.post("/import/", {"text": SEED_TEXT, "save": "1", "owner-9-0": bourges})
    patrice = Action.objects.get(position=9).ownerships.get(written_as="Patrice")
    assert patrice.person is not None and patrice.person.organisation is not None
    assert patrice.person.organisation.name == "Université de Bourges University"
    unsettled = Action.objects.get(position=12).ownerships.get(written_as="Patrice")
    assert unsettled.person is None


def test_importing_twice_offers_to_replace_instead_of_duplicating(importer):
    importer.post("/import/", {"text": SEED_TEXT, "save": "1"})
    first = Meeting.objects.get(date="2013-05-16")
    response = importer.post("/import/", {"text": SEED_TEXT, "save": "1"})
    assert response.status_code == 409
    page = text_of(response)
    assert "This meeting is already in coflight" in page
    assert "is already in coflight. Choose to replace it, or leave it." in page
    assert counts() == (4, 13, 30)
    response = importer.post("/import/", {"text": SEED_TEXT, "save": "1", "replace": "on"})
    assert response.status_code == 302
    assert counts() == (4, 13, 30)
    # Replaced in place: its address, and every link to it, stay.
    assert Meeting.objects.get(date="2013-05-16").pk == first.pk


def test_existing_people_and_organisations_are_matched(importer, report):
    text = (
        "Follow-up, 20 June 2013\nPresent:\n- Samir (TSP)\n"
        "- Asma (Université de Bourges University)\n\n@Samir: compare HDFS and CDMI\n"
    )
    before = Person.objects.count()
    importer.post("/import/", {"text": text, "save": "1"})
    assert Person.objects.count() == before
    action = Action.objects.get(text="Compare HDFS and CDMI")
    assert action.ownerships.get().person == Person.objects.get(given_name="Samir")


def test_an_uploaded_file_is_read(importer):
    upload = SimpleUploadedFile("minutes.txt", SEED_TEXT.encode("utf-8"), "text/plain")
    response = importer.post("/import/", {"file": upload, "preview": "1"})
    assert response.status_code == 200
    assert response.context["plan"].report.title == "CompatibleOne 2013 & Beyond Workshop"


def test_a_latin_1_file_is_read_and_the_importer_is_told(importer):
    text = "Réunion, 16 mai 2013\nPrésents : Hélène (Télécom)\n\n@Hélène: préparer l'été\n"
    upload = SimpleUploadedFile("minutes.txt", text.encode("latin-1"), "text/plain")
    page = text_of(importer.post("/import/", {"file": upload, "preview": "1"}))
    assert "The file is not UTF-8; it was read as Windows-1252." in page
    assert "préparer l'été" in page


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (b"", "Paste the minutes, or choose a file to upload."),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "This is not a text file"),
        (b"Action: x\n" * 1_100_000, "The file is too large (10.5 MB)"),
    ],
)
def test_bad_files_get_a_clear_message_and_save_nothing(importer, upload, message):
    response = importer.post("/import/", {"file": SimpleUploadedFile("m.txt", upload), "save": "1"})
    assert response.status_code == 400
    assert message in text_of(response)
    assert counts() == (0, 0, 0)


def test_minutes_without_a_date_ask_for_it_and_save_nothing_until_given(importer):
    text = "Weekly call\n\nWe talked.\nAction: x\nOwner: Ann\n"
    preview = importer.post("/import/", {"text": text, "preview": "1"})
    assert preview.status_code == 200
    page = preview.content.decode()
    assert 'name="meeting-date" type="date"' in page and "What the minutes do not say" in page
    refused = importer.post("/import/", {"text": text, "save": "1"})
    assert refused.status_code == 409
    assert "give the date of the meeting" in text_of(refused)
    assert counts() == (0, 0, 0)
    wrong = importer.post("/import/", {"text": text, "save": "1", "meeting-date": "16/05/2013"})
    assert "Give the date as year-month-day" in text_of(wrong) and counts() == (0, 0, 0)
    saved = importer.post("/import/", {"text": text, "save": "1", "meeting-date": "2013-05-23"})
    assert saved.status_code == 302
    meeting = Meeting.objects.get()
    assert (meeting.title, meeting.date.isoformat()) == ("Weekly call", "2013-05-23")


def test_minutes_without_actions_are_imported_as_minutes(importer):
    text = "Weekly call, 16 May 2013\n\n## Agenda\n\n1. Budget\n\nWe talked.\n"
    saved = importer.post("/import/", {"text": text, "save": "1"})
    assert saved.status_code == 302
    assert counts()[0] == 1 and Action.objects.count() == 0


def test_ten_megabytes_of_pasted_text_get_a_clear_message(importer):
    response = importer.post("/import/", {"text": "Action: x\n" * 1_050_000, "save": "1"})
    assert response.status_code == 400
    assert "The text is too long" in text_of(response)


def test_html_and_script_in_names_are_kept_as_text(importer):
    text = (
        "Call, 16 May 2013\nPresent: <script>alert(1)</script> (Acme)\n\n"
        '@<script>alert(1)</script>: reply to "><img src=x onerror=alert(1)>\n'
    )
    preview = importer.post("/import/", {"text": text, "preview": "1"}).content.decode()
    assert "<script>alert(1)</script>" not in preview.split("<textarea", 1)[0]
    assert "<img src=x" not in preview
    importer.post("/import/", {"text": text, "save": "1"})
    person = Person.objects.get(given_name="<script>alert(1)</script>")
    content = importer.get(person.get_absolute_url()).content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;" in content


@pytest.mark.parametrize("step", ["the owners' history", "the last step"])
def test_a_failure_half_way_saves_nothing(importer, monkeypatch, step):
    from simple_history.manager import HistoryManager

    from coflight.minutes import services

    def explode(*args, **kwargs):
        raise RuntimeError("disk full")

    written = HistoryManager.bulk_history_create

    def explode_at_the_owners(manager, rows, **kwargs):
        if manager.model._meta.object_name == "HistoricalOwnership":
            explode()
        return written(manager, rows, **kwargs)

    if step == "the last step":
        monkeypatch.setattr(services, "created_in_bulk", explode)
    else:
        monkeypatch.setattr(HistoryManager, "bulk_history_create", explode_at_the_owners)
    with pytest.raises(RuntimeError):
        importer.post("/import/", {"text": SEED_TEXT, "save": "1"})
    assert counts() == (0, 0, 0)


def test_saving_takes_a_query_per_batch_of_rows_not_several_per_action(importer):
    # Saved in bulk: 400 more actions (and their owners, history and search entries) cost only
    # more batches, a handful of rows to a query on SQLite, hundreds on PostgreSQL.
    def minutes(actions: int) -> str:
        lines = [f"ACTION: Ann to write note {n}" for n in range(actions)]
        return "Board call, 4 March 2079\n\nPresent: Ann, Bob\n\n1) Notes\n\n" + "\n".join(lines)

    sizes = {}
    for count, day in ((5, "4"), (400, "5")):
        text = minutes(count).replace("4 March", f"{day} March")
        with CaptureQueriesContext(connection) as captured:
            assert importer.post("/import/", {"text": text, "save": "1"}).status_code == 302
        sizes[count] = len(captured)
    assert sizes[400] <= sizes[5] + 400 // 10, sizes
    assert Action.objects.filter(meeting__date="2079-03-05").count() == 400


def test_the_import_page_takes_few_queries(importer, any_size, assert_queries):
    # session; user; permissions of the user and of their groups
    with assert_queries(4):
        assert importer.get("/import/").status_code == 200


def test_the_preview_takes_the_same_queries_whatever_the_size(importer, any_size, assert_queries):
    # session; user; permissions of the user and of their groups; everyone coflight knows, to
    # match names; whether the meeting is already there; the names this series' imports settled
    with assert_queries(7):
        response = importer.post("/import/", {"text": SEED_TEXT, "preview": "1"})
    assert response.status_code == 200


def test_the_preview_lists_who_was_excused_or_absent(importer):
    text = "Board call, 6 August 2024\n\nPresent: Ann\nRegrets: Carl (Inria)\nAbsent: Dora\n"
    page = text_of(importer.post("/import/", {"text": text, "preview": "1"}))
    assert "Excused or absent 2" in page
    assert "Carl (Inria) (excused)" in page and "Dora (absent)" in page
    assert counts() == (0, 0, 0)


def test_the_preview_shows_what_each_line_became(importer):
    text = (
        "Board call, 6 August 2024\n\nPresent: Ann, Bob\n\n## Budget\n\nWe looked at the figures.\n"
        "ACTION: Ann to send the <b>figures</b>\nRESOLVED: the budget is approved\n"
    )
    response = importer.post("/import/", {"text": text, "preview": "1"})
    page = text_of(response)
    assert "5 lines became structure" in page and "1 line is kept as minutes text" in page
    html = response.content.decode()
    assert '<li value="1" class="read-meeting"><span class="role">meeting</span>' in html
    assert '<li value="3" class="read-attendees">' in html
    assert '<li value="5" class="read-agenda">' in html
    assert '<li value="7" class="read-text"><span class="role">text</span> <code>We looked' in html
    assert '<li value="8" class="read-action">' in html and "&lt;b&gt;figures&lt;/b&gt;" in html
    assert '<li value="9" class="read-decision">' in html
    assert counts() == (0, 0, 0)

from xml.etree import ElementTree

import pytest
from markdown_it import MarkdownIt

from coflight.actions.models import Action
from coflight.meetings.models import Meeting
from coflight.minutes.parser import parse
from coflight.minutes.services import import_save
from tests.conftest import action_no
from tests.minutes.test_seed_import import facts

pytestmark = pytest.mark.django_db


def markdown_of(client, meeting) -> str:
    response = client.get(f"/meetings/{meeting.pk}.md")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/markdown; charset=utf-8"
    return response.content.decode("utf-8")


def test_it_reads_like_the_minutes(client, report):
    text = markdown_of(client, report)
    assert text.startswith("# CompatibleOne 2013 & Beyond Workshop, 16 May 2013\n")
    assert (
        "The 3rd CompatibleOne 2013 & Beyond Workshop has been held on Thursday 16 May 2013, "
        "from 09:00 til 17:30 at Institut Telecom, 46, rue Barrault - 75013 Paris (Room F900)."
    ) in text
    assert "- TSP: Mohamed, Sami, Mohamed, Jung, Samir\n" in text
    assert (
        "  - a) STRUKT, Build Changes and Back End Support: Jonathan Custance & James Green\n"
        in text
    )
    assert "## Present\n" in text
    assert "## 1) Welcome & Last News\n" in text
    assert "### a) STRUKT, Build Changes and Back End Support\n" in text
    assert (
        "- **Action:** For CompatibleOne Day @ La Poste, a screen cast will be recorded to "
        "replace demo.\n  - **Owners:** Jean-Pierre (lead), Jamie\n"
    ) in text
    assert "  - **Owner:** (in replacement of a nominated project manager)\n" in text
    assert text.rstrip().endswith(
        "**Next plenary meeting:** 13 June 2013\n\n"
        "This wiki is licensed under a Creative Commons 2.0 license\\\n"
        "XWiki Enterprise 4.5.1 - Documentation - Legal Notice\n\n"
        "Site maintained by"
    )


def rendered(text: str) -> ElementTree.Element:
    return ElementTree.fromstring(f"<div>{MarkdownIt('commonmark').render(text)}</div>")


def text_of(element: ElementTree.Element | None) -> str:
    assert element is not None
    return "".join(element.itertext())


def actions_in(html: ElementTree.Element) -> list[tuple[str, list[str]]]:
    """Each action's text and the facts in the list inside its list item."""
    found = []
    for item in html.iter("li"):
        label = item.find("./strong")
        if label is None:
            label = item.find("./p/strong")
        if label is not None and text_of(label) == "Action:":
            facts = [text_of(fact) for fact in item.findall("./ul/li")]
            found.append(((label.tail or "").strip(), facts))
    return found


def test_a_commonmark_renderer_shows_its_headings_lists_and_actions(client, report):
    text = markdown_of(client, report)
    html = rendered(text)
    assert text_of(html.find("h1")) == "CompatibleOne 2013 & Beyond Workshop, 16 May 2013"
    assert [text_of(h) for h in html.iter("h2")][:3] == [
        "Present",
        "Agenda",
        "1) Welcome & Last News",
    ]
    assert "a) STRUKT, Build Changes and Back End Support" in map(text_of, html.iter("h3"))
    blocks = list(html)
    agenda = blocks[[text_of(b) for b in blocks].index("Agenda") + 1]
    assert agenda.tag == "ul"
    assert text_of(agenda.find("li")).startswith("1) Welcome & Last News: Jean-Pierre Laisné")
    assert not list(agenda.iter("ol")), "an agenda label must not start a numbered list"
    actions = actions_in(html)
    assert len(actions) == Action.objects.filter(meeting=report).count()
    assert actions[0] == (
        "For CompatibleOne Day @ La Poste, a screen cast will be recorded to replace demo.",
        ["Owners: Jean-Pierre (lead), Jamie"],
    )
    # The lines of the minutes stay lines, not one run-on paragraph.
    assert "Conference Call:<br />\n• Thursday 30 May at 4:00PM CEST<br />" in (
        MarkdownIt("commonmark").render(text)
    )


def test_text_that_looks_like_markup_renders_as_written_and_comes_back(client, report):
    action = action_no(13)
    action.text = "<script>alert(1)</script> *not bold* & [a](javascript:x) &amp; `code`"
    action.save()
    item = action.agenda_item
    assert item is not None
    item.minutes = "1) a line that is no list\n# no heading\n> no quote\n- no bullet either"
    item.save()
    text = markdown_of(client, report)
    html = rendered(text)
    for tag in ("script", "a", "em", "code", "ol", "blockquote"):
        assert not list(html.iter(tag)), tag
    assert action.text in [text for text, _facts in actions_in(html)]
    assert "1) a line that is no list\n# no heading\n> no quote\n- no bullet either" in [
        text_of(p) for p in html.iter("p")
    ]
    import_save(parse(text), replace=True)
    assert Action.objects.get(position=13, meeting__date="2013-05-16").text == action.text


def comparable(snapshot: dict) -> dict:
    meeting = snapshot["meeting"]
    # The source text is, by design, the text imported; the page date is not exported.
    return snapshot | {"meeting": meeting[:-2]}


def test_importing_it_back_gives_the_same_meeting(client, report):
    before = comparable(facts())
    import_save(parse(markdown_of(client, report)), replace=True)
    after = comparable(facts())
    for key in before:
        assert after[key] == before[key], key


def test_changes_made_in_coflight_survive_the_round_trip(client, report):
    action_no(13).set_status("done", "HDFS it is")
    plenary = Meeting.objects.get(date="2013-06-13")
    action_no(4).set_due(None, plenary)
    text = markdown_of(client, report)
    assert "  - **Status:** Done\n  - **Note:** HDFS it is\n" in text
    assert "  - **Due:** next plenary meeting (13 June 2013)\n" in text
    before = comparable(facts())
    import_save(parse(text), replace=True)
    assert comparable(facts()) == before
    assert Action.objects.get(position=13, meeting__date="2013-05-16").closing_note == "HDFS it is"


# --- in French ---------------------------------------------------------------------------------

NBSP = "\u00a0"  # before the colon of each label, as French writes it


def french_markdown_of(client, meeting) -> str:
    response = client.get(f"/meetings/{meeting.pk}.md", HTTP_ACCEPT_LANGUAGE="fr")
    assert response.status_code == 200
    assert response["Content-Language"] == "fr"
    return response.content.decode("utf-8")


def label(name: str) -> str:
    return f"**{name}{NBSP}:**"


def test_the_french_export_reads_in_french(client, report):
    text = french_markdown_of(client, report)
    assert text.startswith("# CompatibleOne 2013 & Beyond Workshop, 16 mai 2013\n")
    assert f"\n{label('Type')} Atelier\n" in text
    assert (
        "\nLe 3ᵉ atelier CompatibleOne 2013 & Beyond s’est tenu le jeudi 16 mai 2013, "
        f"de 9{NBSP}h{NBSP}00 à 17{NBSP}h{NBSP}30, à Institut Telecom, 46, rue Barrault - "
        "75013 Paris (salle F900).\n"
    ) in text
    assert "\n## Présents\n" in text and "\n## Ordre du jour\n" in text
    assert f"\n- Bull{NBSP}: Jean-Michel, Claudine, Jean-Pierre\n" in text
    assert f"\n{label('Projets représentés')} EasiClouds, OpenCloudware, Nu@ge\n" in text
    assert f"\n{label('Support')} Slides used during this workshop\n" in text
    assert (
        f"\n- {label('Action')} For CompatibleOne Day @ La Poste, a screen cast will be "
        f"recorded to replace demo.\n  - {label('Responsables')} Jean-Pierre (lead), Jamie\n"
    ) in text
    assert f"\n  - {label('Responsable')} Stuart\n" in text
    assert (
        f"\n- {label('Décision')} All participants agreed on their importance.\n"
        f"  - {label('Approuvée par')} All participants\n"
    ) in text
    assert f"\n{label('Prochaine réunion plénière')} 13 juin 2013\n" in text
    # The words of the minutes are the report's own, in the language it was written in.
    assert "**Action:**" not in text and "## Agenda" not in text
    assert "Site maintained by" in text


def test_importing_the_french_export_back_gives_the_same_meeting(client, report):
    before = comparable(facts())
    import_save(parse(french_markdown_of(client, report)), replace=True)
    after = comparable(facts())
    for key in before:
        assert after[key] == before[key], key
    meeting = Meeting.objects.get(date="2013-05-16")
    assert (meeting.number, meeting.kind, str(meeting.series)) == (
        3,
        "workshop",
        "CompatibleOne 2013 & Beyond",
    )
    assert Action.objects.filter(meeting=meeting).count() == 13


def test_changes_made_in_coflight_survive_the_round_trip_in_french(client, report):
    action_no(13).set_status("done", "HDFS c’est décidé")
    action_no(3).set_status("dropped")
    plenary = Meeting.objects.get(date="2013-06-13")
    action_no(4).set_due(None, plenary)
    text = french_markdown_of(client, report)
    assert f"  - {label('Statut')} Terminée\n  - {label('Note')} HDFS c’est décidé\n" in text
    assert f"  - {label('Statut')} Abandonnée\n" in text
    assert f"  - {label('Échéance')} prochaine réunion plénière (13 juin 2013)\n" in text
    before = comparable(facts())
    import_save(parse(text), replace=True)
    assert comparable(facts()) == before
    closed = Action.objects.get(position=13, meeting__date="2013-05-16")
    assert (closed.status, closed.closing_note) == ("done", "HDFS c’est décidé")
    assert Action.objects.get(position=4, meeting__date="2013-05-16").due_meeting == plenary


@pytest.mark.parametrize("language", ["en", "fr"])
@pytest.mark.parametrize(
    ("kind", "number", "held"),
    [
        ("workshop", 1, "Le 1ᵉʳ atelier CompatibleOne 2013 & Beyond s’est tenu le"),
        ("plenary", 1, "La 1ʳᵉ réunion plénière CompatibleOne 2013 & Beyond s’est tenue le"),
        (
            "weekly_call",
            21,
            "La 21ᵉ conférence téléphonique hebdomadaire CompatibleOne 2013 & Beyond s’est "
            "tenue le",
        ),
        ("other", 2, "La 2ᵉ réunion CompatibleOne 2013 & Beyond s’est tenue le"),
        ("other", None, "La réunion s’est tenue le"),
    ],
)
def test_each_kind_and_number_reads_back(client, report, language, kind, number, held):
    Meeting.objects.filter(pk=report.pk).update(kind=kind, number=number, ends_at=None)
    response = client.get(f"/meetings/{report.pk}.md", HTTP_ACCEPT_LANGUAGE=language)
    text = response.content.decode()
    if language == "fr":
        assert f"\n{held} jeudi 16 mai 2013, à partir de 9{NBSP}h{NBSP}00, à Institut" in text
    before = comparable(facts())
    import_save(parse(text), replace=True)
    assert comparable(facts()) == before


def test_a_french_due_phrase_is_not_said_twice(client, report):
    action = action_no(1)
    action.text = "Relire le plan lors de la prochaine réunion plénière (13 juin)"
    action.save()
    plenary = Meeting.objects.get(date="2013-06-13")
    action.set_due(None, plenary)
    text = french_markdown_of(client, report)
    assert (
        f"- {label('Action')} Relire le plan lors de la prochaine réunion plénière (13 juin)\n"
        f"  - {label('Responsables')} Jean-Pierre (lead), Jamie\n\n"
    ) in text
    import_save(parse(text), replace=True)
    assert action_no(1).due_meeting == plenary


def test_unknown_meeting_is_a_404(client, db):
    assert client.get("/meetings/999.md").status_code == 404


def test_it_takes_the_same_queries_as_the_meeting_page(client, any_size, assert_queries):
    # as the meeting page's report: meeting; attendances and the candidates of unsettled ones;
    # projects; materials; agenda items; presenters and candidates; item materials; actions,
    # owners and candidates; actions due; decisions and who agreed; invitations; amendments
    with assert_queries(17):
        client.get(f"/meetings/{any_size.pk}.md")

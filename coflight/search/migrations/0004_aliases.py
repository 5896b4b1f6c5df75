from django.db import migrations, models

from coflight.search.models import folded_words, joined_words


def fill_in(apps, schema_editor) -> None:
    """Entries indexed before this migration get their aliases, and meetings their projects.

    With the models as they are at this migration, not coflight.search.index, whose models may
    have changed by the time this runs."""
    SearchEntry = apps.get_model("search", "SearchEntry")
    Meeting = apps.get_model("meetings", "Meeting")
    projects = {
        m.pk: ", ".join(p.name for p in m.projects.order_by("pk"))
        for m in Meeting.objects.prefetch_related("projects")
    }
    for entry in SearchEntry.objects.iterator(chunk_size=500):
        if entry.kind == "meeting" and projects.get(entry.object_id):
            entry.body = "\n".join(p for p in (entry.body, projects[entry.object_id]) if p)
        title_aliases = joined_words(entry.title)
        entry.aliases = " ".join(a for a in (title_aliases, joined_words(entry.body)) if a)
        entry.title_folded = folded_words(f"{entry.title}\n{title_aliases}")
        entry.folded = folded_words(f"{entry.title}\n{entry.body}\n{entry.aliases}")
        entry.save(update_fields=["body", "aliases", "title_folded", "folded"])
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "UPDATE search_searchentry SET vector ="
            " setweight(to_tsvector('coflight', title), 'A')"
            " || setweight(to_tsvector('coflight', body), 'B')"
            " || setweight(to_tsvector('coflight', aliases), 'B')"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_titles_of_any_length"),
        ("meetings", "0003_attendees_may_be_ambiguous"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="aliases",
            field=models.TextField(blank=True),
        ),
        migrations.RunPython(fill_in, migrations.RunPython.noop),
    ]

import django.db.models.deletion
from django.db import migrations, models


def name_as_written(apps, schema_editor):
    """Attendances recorded before this kept only their person: their name is the person's."""
    Attendance = apps.get_model("meetings", "Attendance")
    for attendance in Attendance.objects.select_related("person"):
        person = attendance.person
        written = f"{person.given_name} {person.family_name}".strip()
        Attendance.objects.filter(pk=attendance.pk).update(written_as=written[:200])


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0002_dates_in_range"),
        ("people", "0006_namesakes_told_apart"),
    ]

    operations = [
        migrations.AddField(
            model_name="attendance",
            name="written_as",
            field=models.CharField(
                default="",
                help_text="The name exactly as the report writes it.",
                max_length=200,
                verbose_name="written as",
            ),
            preserve_default=False,
        ),
        migrations.RunPython(name_as_written, migrations.RunPython.noop),
        migrations.AddField(
            model_name="attendance",
            name="candidates",
            field=models.ManyToManyField(
                blank=True,
                help_text="When the report's name fits several people: who it could be.",
                related_name="+",
                to="people.person",
                verbose_name="could be",
            ),
        ),
        migrations.AlterField(
            model_name="attendance",
            name="person",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="%(class)ss",
                to="people.person",
                verbose_name="person",
            ),
        ),
        migrations.RemoveConstraint(
            model_name="attendance", name="attendance_once_per_person_per_meeting"
        ),
        migrations.AddConstraint(
            model_name="attendance",
            constraint=models.UniqueConstraint(
                condition=models.Q(person__isnull=False),
                fields=("meeting", "person"),
                name="attendance_once_per_person_per_meeting",
            ),
        ),
    ]

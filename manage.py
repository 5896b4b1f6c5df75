#!/usr/bin/env python
import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "coflight.settings")
    import django
    from django.core.management import execute_from_command_line

    django.setup()
    from coflight.people.languages import speak_the_terminals_language

    speak_the_terminals_language()
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

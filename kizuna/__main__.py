"""The `kizuna` console script: the project's manage.py."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kizuna.settings")
    from django.core.management import execute_from_command_line  # after the settings module is chosen

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

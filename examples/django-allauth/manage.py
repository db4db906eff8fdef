#!/usr/bin/python3
# Debian's python3: python3-django and friends are installed for it, not for
# a pyenv or virtualenv python that may come first on PATH.
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kakaobackend.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)

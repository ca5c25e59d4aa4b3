#!/usr/bin/env python
"""The bare Django project the benchmark compares the app with (see bench/bare/README)."""

import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bareproject.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)

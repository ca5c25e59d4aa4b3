#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recovery_college.settings")
    # manage.py is the developer's tool: without DEBUG set it runs in development mode.
    # Servers (gunicorn via wsgi.py, Celery) get no such default, and docker-compose sets
    # DEBUG=0 for every service, so production always says what it is.
    os.environ.setdefault("DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

from django.core.management.base import BaseCommand

from rows.models import Row


class Command(BaseCommand):
    help = "Make the 100 rows the bare page reads 20 of (once)."

    def handle(self, *args, **options):
        if not Row.objects.exists():
            Row.objects.bulk_create(
                Row(title=f"Course {n}", summary=f"What course {n} is about, in plain words.")
                for n in range(100)
            )

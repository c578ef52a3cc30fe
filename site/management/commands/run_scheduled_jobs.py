"""Every periodic task, from one command that cron runs (see the README)."""

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

# (command, options): publishing on schedule, search-log and promotion clean-up, retention.
SCHEDULED_JOBS = [
    ("publish_scheduled", {}),
    ("searchpromotions_garbage_collect", {}),
    ("purge_search_queries", {}),
    ("purge_staff_logs", {}),
]


class Command(BaseCommand):
    help = "Lance toutes les tâches périodiques ; une tâche en échec n'empêche pas les suivantes."

    def handle(self, *args, **options):
        failures = []
        for name, job_options in SCHEDULED_JOBS:
            self.stdout.write(f"→ {name}\n")
            try:
                call_command(name, stdout=self.stdout, stderr=self.stderr, **job_options)
            except Exception as error:  # one failed job must not stop the others
                failures.append(name)
                self.stderr.write(f"  échec : {name} : {error}\n")
        if failures:
            raise CommandError(f"Tâches en échec : {', '.join(failures)}")
        self.stdout.write("Toutes les tâches périodiques sont faites.\n")

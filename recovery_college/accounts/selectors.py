from .models import MANAGERS_GROUP, User


def student_count() -> int:
    """People with an account who are neither trainers nor managers."""
    return (
        User.objects.filter(is_active=True, trainer__isnull=True)
        .exclude(groups__name=MANAGERS_GROUP)
        .count()
    )

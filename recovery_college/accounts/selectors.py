from django.db import connection

from .models import MANAGERS_GROUP

# People with an account who are neither trainers (any Trainer profile, active or not) nor
# managers, as a plain scalar query: the College page reads it inside its one query of
# counts (workshops/selectors/college.py), where the ORM would build the same joins afresh
# on every load, at more CPU than the count costs. Its parameter is `managers_group`.
STUDENT_COUNT_SQL = """
    SELECT COUNT(*) FROM accounts_user u
    WHERE u.is_active
      AND NOT EXISTS (SELECT 1 FROM trainers_trainer t WHERE t.user_id = u.id)
      AND NOT EXISTS (
        SELECT 1 FROM accounts_user_groups ug JOIN auth_group g ON g.id = ug.group_id
        WHERE ug.user_id = u.id AND g.name = %(managers_group)s
      )
"""
STUDENT_COUNT_PARAMS = {"managers_group": MANAGERS_GROUP}


def student_count() -> int:
    """People with an account who are neither trainers nor managers."""
    with connection.cursor() as cursor:
        cursor.execute(STUDENT_COUNT_SQL, STUDENT_COUNT_PARAMS)
        return cursor.fetchone()[0]

"""Who may see or do what in the trainers app. Deny by default."""


def can_view_my_workshops(user) -> bool:
    return user.is_authenticated and user.is_trainer

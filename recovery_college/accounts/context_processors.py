def roles(request):
    """Role flags for the navigation, computed once per request."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"is_trainer": False, "is_manager": False}
    return {"is_trainer": user.is_trainer, "is_manager": user.is_manager}

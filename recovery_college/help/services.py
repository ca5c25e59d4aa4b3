from .models import HelpSettings

FIELDS = ("contact_phone", "contact_email", "contact_hours", "contact_address", "crisis_lines")


def help_settings_update(**values) -> HelpSettings:
    """Save the Help and support page's details (managers only; the view checks)."""
    help_settings = HelpSettings.load()
    for name in FIELDS:
        if name in values:
            setattr(help_settings, name, values[name])
    help_settings.save()
    return help_settings

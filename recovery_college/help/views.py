from django.contrib import messages
from django.shortcuts import redirect, render

from recovery_college.accounts.permissions import manager_required

from .forms import HelpSettingsForm
from .models import HelpSettings
from .services import help_settings_update


def help_page(request):
    """Help and support, for everyone (linked from every page's footer)."""
    return render(request, "help/help.html", {"help": HelpSettings.load()})


@manager_required
def help_settings_edit(request):
    form = HelpSettingsForm(request.POST or None, instance=HelpSettings.load())
    if request.method == "POST" and form.is_valid():
        help_settings_update(**form.cleaned_data)
        messages.success(request, "The Help and support page is updated.")
        return redirect("help:page")
    return render(request, "help/settings_form.html", {"form": form})

from django.contrib import admin

from .models import Trainer


@admin.register(Trainer)
class TrainerAdmin(admin.ModelAdmin):
    list_display = ["user", "kind", "profession", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["user__full_name", "user__email"]
    raw_id_fields = ["user"]

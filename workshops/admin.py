from django.contrib import admin

from .models import Course, GlossaryTerm, Room, ScheduledSession, Term, Venue


@admin.register(Term)
class TermAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_on", "ends_on", "enrolment_opens_on"]


class RoomInline(admin.TabularInline):
    model = Room
    extra = 1


@admin.register(Venue)
class VenueAdmin(admin.ModelAdmin):
    list_display = ["name", "address"]
    inlines = [RoomInline]


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["title", "pairing", "status", "version", "term"]
    list_filter = ["status", "term", "is_template"]
    search_fields = ["title"]
    raw_id_fields = ["pairing"]


@admin.register(ScheduledSession)
class ScheduledSessionAdmin(admin.ModelAdmin):
    list_display = ["course", "number", "starts_at", "room", "cancelled"]
    list_filter = ["cancelled", "room__venue"]


admin.site.register(GlossaryTerm)

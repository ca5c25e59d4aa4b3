from django.urls import path

from .views import calendar, courses, glossary, pages, plans, publishing, scheduling

app_name = "workshops"

course = "courses/<int:pk>/"

urlpatterns = [
    path("prospectus/", pages.prospectus, name="prospectus"),
    path("prospectus.ics", pages.prospectus_ics, name="prospectus-ics"),
    path("prospectus/courses/<int:pk>/", pages.prospectus_course, name="prospectus-course"),
    path(
        "prospectus/courses/<int:pk>.ics", pages.prospectus_course_ics, name="prospectus-course-ics"
    ),
    path("my-courses/", pages.my_courses, name="my-courses"),
    path("college/", pages.college_overview, name="college-overview"),
    path("college/calendar/", calendar.term_calendar, name="calendar"),
    path("college/settings/", courses.college_settings, name="college-settings"),
    path("college/glossary/", glossary.glossary_list, name="glossary"),
    path("college/glossary/<int:pk>/delete/", glossary.glossary_delete, name="glossary-delete"),
    path("courses/", courses.course_list, name="course-list"),
    path("pairings/<int:pairing_pk>/courses/new/", courses.course_create, name="course-create"),
    path(course, courses.course_detail, name="course-detail"),
    path(course + "edit/", courses.course_edit, name="course-edit"),
    path(course + "agree/", courses.course_agree, name="course-agree"),
    path(course + "comments/", courses.comment_add, name="comment-add"),
    path(course + "history/", courses.course_history, name="course-history"),
    path(course + "compare/", courses.course_compare, name="course-compare"),
    path(course + "restore/", courses.course_restore, name="course-restore"),
    path(course + "schedule/", scheduling.course_schedule, name="course-schedule"),
    path(course + "publish/", publishing.course_publish, name="course-publish"),
    path(course + "save-as-template/", courses.course_save_template, name="course-template"),
    path(course + "sessions/<int:number>/", plans.plan_edit, name="plan-edit"),
    path(course + "sessions/<int:number>/start/", plans.plan_start, name="plan-start"),
    path(course + "sessions/<int:number>/sections/", plans.section_add, name="section-add"),
    path(course + "sessions/<int:number>/run-sheet/", plans.run_sheet, name="run-sheet"),
    path(course + "sections/<int:section_pk>/", plans.section_edit, name="section-edit"),
    path(course + "sections/<int:section_pk>/delete/", plans.section_delete, name="section-delete"),
    path(course + "sections/<int:section_pk>/move/", plans.section_move, name="section-move"),
]

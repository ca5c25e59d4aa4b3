from django.urls import path

from .views import (
    calendar,
    courses,
    enrolment,
    glossary,
    pages,
    pdf,
    plans,
    publishing,
    roster,
    scheduling,
)

app_name = "workshops"

course = "courses/<int:pk>/"

urlpatterns = [
    path("prospectus/", pages.prospectus, name="prospectus"),
    path("prospectus.ics", pages.prospectus_ics, name="prospectus-ics"),
    path("prospectus/courses/<int:pk>/", pages.prospectus_course, name="prospectus-course"),
    path(
        "prospectus/courses/<int:pk>.ics", pages.prospectus_course_ics, name="prospectus-course-ics"
    ),
    path("prospectus/courses/<int:pk>/enrol/", enrolment.enrol, name="enrol"),
    path("my-courses/", enrolment.my_courses, name="my-courses"),
    path("my-courses/calendar/reset/", enrolment.calendar_feed_reset, name="calendar-feed-reset"),
    path("calendar/<str:token>.ics", enrolment.calendar_feed, name="calendar-feed"),
    path("enrolments/<int:pk>/", enrolment.enrolment_detail, name="enrolment-detail"),
    path("enrolments/<int:pk>/cancel/", enrolment.enrolment_cancel, name="enrolment-cancel"),
    path("enrolments/<int:pk>/claim/", enrolment.offer_claim, name="offer-claim"),
    path("enrolments/<int:pk>/feedback/", enrolment.feedback_give, name="feedback-give"),
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
    path(course + "students/", roster.course_students, name="course-students"),
    path(course + "students.csv", roster.course_students_csv, name="course-students-csv"),
    path(course + "feedback/", roster.course_feedback, name="course-feedback"),
    path(course + "unpublish/", roster.course_unpublish, name="course-unpublish"),
    path(course + "cancel/", roster.course_cancel, name="course-cancel"),
    path(course + "sessions/<int:number>/register/", roster.register, name="register"),
    path(course + "sessions/<int:number>/sign-in/", roster.sign_in_sheet, name="sign-in-sheet"),
    path(course + "sessions/<int:number>/cancel/", roster.session_cancel, name="session-cancel"),
    path(course + "save-as-template/", courses.course_save_template, name="course-template"),
    path(course + "sessions/<int:number>/", plans.plan_edit, name="plan-edit"),
    path(course + "sessions/<int:number>/start/", plans.plan_start, name="plan-start"),
    path(course + "sessions/<int:number>/sections/", plans.section_add, name="section-add"),
    path(course + "sessions/<int:number>/run-sheet/", plans.run_sheet, name="run-sheet"),
    path(course + "sections/<int:section_pk>/", plans.section_edit, name="section-edit"),
    path(course + "sections/<int:section_pk>/delete/", plans.section_delete, name="section-delete"),
    path(course + "sections/<int:section_pk>/move/", plans.section_move, name="section-move"),
    path("prospectus.pdf", pdf.prospectus_pdf, name="prospectus-pdf"),
]

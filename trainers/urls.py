from django.urls import path

from .views import agreements, pairings, people, topics

app_name = "trainers"

urlpatterns = [
    path("", people.directory, name="directory"),
    path("invite/", people.invite, name="invite"),
    path("<int:pk>/edit/", people.trainer_edit, name="trainer-edit"),
    path("me/", people.profile_edit, name="profile-edit"),
    path("me/public-name/", people.public_name, name="public-name"),
    path("pairings/", pairings.pairing_list, name="pairing-list"),
    path("pairings/new/", pairings.pairing_create, name="pairing-create"),
    path("pairings/<int:pk>/", pairings.pairing_detail, name="pairing-detail"),
    path("pairings/<int:pk>/declaration/", pairings.declaration_form, name="declaration-form"),
    path("pairings/<int:pk>/decision/", pairings.decision_form, name="decision-form"),
    path("pairings/<int:pk>/start/", pairings.pairing_start, name="pairing-start"),
    path("pairings/<int:pk>/end/", pairings.pairing_end, name="pairing-end"),
    path("declarations/<int:pk>/", pairings.declaration_detail, name="declaration-detail"),
    path("pairings/<int:pk>/agreement/", agreements.agreement_detail, name="agreement-detail"),
    path("pairings/<int:pk>/agreement/edit/", agreements.agreement_edit, name="agreement-edit"),
    path(
        "pairings/<int:pk>/agreement/agree/", agreements.agreement_consent, name="agreement-consent"
    ),
    path(
        "pairings/<int:pk>/agreement/history/",
        agreements.agreement_history,
        name="agreement-history",
    ),
    path("pairings/<int:pk>/agreement/compare/", agreements.agreement_diff, name="agreement-diff"),
    path(
        "pairings/<int:pk>/agreement/download/",
        agreements.agreement_download,
        name="agreement-download",
    ),
    path("topics/", topics.topic_list, name="topics"),
    path("topics/<int:pk>/delete/", topics.topic_delete, name="topic-delete"),
    path("agreement-template/", agreements.template_edit, name="agreement-template"),
]

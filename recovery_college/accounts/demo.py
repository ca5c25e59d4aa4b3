"""The accounts part of the demo college (`manage.py seed_demo`): the college manager and
thirty students."""

from .services import manager_grant

MANAGER = ("Grace Adeyemi", "manager")
STUDENTS = [
    "Lucy Bennett",
    "Daniel Osei",
    "Hannah Clarke",
    "Mohammed Ali",
    "Emma Thompson",
    "Kwame Mensah",
    "Sophie Walsh",
    "Ryan McAllister",
    "Zainab Hussain",
    "Chloe Davies",
    "Liam Fraser",
    "Amira Haddad",
    "Jack Robinson",
    "Niamh Gallagher",
    "Oliver Price",
    "Mei Ling Chen",
    "George Evans",
    "Fatima Begum",
    "Callum Reid",
    "Isla Campbell",
    "Adebayo Williams",
    "Rosa Martinez",
    "Ethan Shaw",
    "Ellie Parker",
    "Joseph Nowak",
    "Grace Ferguson",
    "Harvey Singh",
    "Molly Byrne",
    "Samuel Okonkwo",
    "Freya Lewis",
]


def seed(demo) -> None:
    demo.manager = demo.user(MANAGER[0], f"{MANAGER[1]}@{demo.domain}")
    manager_grant(user=demo.manager)
    demo.student_emails = [demo.user(name).email for name in STUDENTS]
    demo.logins.append(("College manager", demo.manager.email))
    demo.logins.append(("Student", demo.student_emails[0]))

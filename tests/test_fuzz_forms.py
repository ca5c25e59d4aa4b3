"""Hostile input never gets a 500: a fuzz over every form and every URL of the project.

The URLs come from the URL conf (`get_resolver()`), not from a hand list. Each URL is
fetched as every role (anonymous, a student enrolled on the course, each of the course's
trainers, a manager) with real objects made by the factories; every `<form method=post>`
a page renders is then posted back by the role that saw it, one field at a time made
hostile (over-long text, NUL, control characters, far-past and far-future dates, numbers
that are not numbers or too big, a missing value) while the others keep the values the
page rendered. Every URL pattern is also posted to by every role with every field name
seen anywhere set to hostile values (so a POST-only URL with no rendered form is covered),
and every URL is fetched with hostile query strings.

Each request runs in a savepoint that is rolled back, so every request meets the same
world (a cancelled course or a deleted section does not hide the rest). Runs on
PostgreSQL (CI), the production database, where NUL in text is refused by the database
itself. Not on SQLite: its driver cannot take integers over 64 bits at all (a 30-digit
id or version raises OverflowError there), a limit of the development database only."""

import copy
import logging
import re
import time
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from trainers.models import Declaration, Topic
from workshops.models import CalendarFeed, GlossaryTerm, Room, Venue
from workshops.services import enrolment_create

from .factories import (
    PairingFactory,
    PeerTrainerFactory,
    PractitionerTrainerFactory,
    UserFactory,
    add_section,
    make_course,
    open_course_make,
)

pytestmark = [pytest.mark.fuzz, pytest.mark.postgres]

LONG = "Lorem ipsum " * 417  # 5,004 characters: longer than any field of the project allows
HOSTILE_VALUES = {
    "long": LONG,
    "nul": "a\x00b",
    "control": "a\x01\x08\x0b\x0c\x1b\x7f\r\nb\u2028c",
    "far_past_date": "0001-01-01",
    "far_future_date": "9999-12-31",
    "far_future_datetime": "9999-12-31T23:59",
    "far_past_datetime": "0001-01-01T00:00",
    "superscript": "²",
    "huge_number": "9" * 30,
    "negative": "-1",
}
TEXT_KINDS = {"text", "textarea", "email", "url", "password", "search", "tel"}
# One field at a time: what each kind of field could choke on.
FOR_TEXT = ["long", "nul", "control"]
FOR_OTHERS = ["nul", "far_past_date", "far_future_date", "far_future_datetime", "huge_number"]
MISSING = object()

HOSTILE_QUERIES = ["%00%0D%0A", "%C2%B2", "9" * 30, "0001-01-01", "9999-12-31"]  # %C2%B2: ²
HOSTILE_PATH_ARGS = {"int": ["9" * 30], "str": ["%00", "a%00b", "%C2%B2", "x" * 300]}
QUERY_NAMES = [
    "q", "topic", "term", "week", "page", "day", "time", "format", "access", "print",
    "a", "b", "old", "new", "version", "next", "session", "number", "sort", "status",
]  # fmt: skip

SKIP_PREFIXES = ("/admin/", "/static/")


class _Forms(HTMLParser):
    """Every <form method=post> on a page: its action and fields (name, value, kind)."""

    def __init__(self):
        super().__init__()
        self.forms: list[dict] = []
        self.get_names: set[str] = set()
        self._form = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            method = (attrs.get("method") or "get").lower()
            self._form = {"method": method, "action": attrs.get("action"), "fields": []}
            if method == "post" or attrs.get("hx-post"):
                self._form["action"] = attrs.get("hx-post") or attrs.get("action")
                self.forms.append(self._form)
            return
        if self._form is None:
            if tag == "button" and attrs.get("hx-post"):  # htmx buttons outside a form
                self.forms.append({"method": "post", "action": attrs["hx-post"], "fields": []})
            return
        name = attrs.get("name")
        if not name:
            return
        if self._form["method"] == "get":
            self.get_names.add(name)
            return
        if tag == "input":
            kind = (attrs.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attrs:
                self._form["fields"].append((name, MISSING, kind))
            elif kind not in ("submit", "button", "image", "file"):
                self._form["fields"].append((name, attrs.get("value") or "", kind))
            elif kind == "submit" and attrs.get("value"):
                self._form["fields"].append((name, attrs["value"], "submit"))
        elif tag == "button" and attrs.get("value") is not None:
            self._form["fields"].append((name, attrs["value"], "submit"))
        elif tag == "textarea":
            self._textarea = [name, ""]
        elif tag == "select":
            self._select = [name, None, "select"]
        elif (
            tag == "option"
            and self._select is not None
            and (self._select[1] is None or "selected" in attrs)
        ):
            self._select[1] = attrs.get("value", "")

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "textarea" and self._textarea is not None:
            if self._form is not None:
                self._form["fields"].append((self._textarea[0], self._textarea[1], "textarea"))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            if self._form is not None:
                self._form["fields"].append(
                    (self._select[0], self._select[1] or "", self._select[2])
                )
            self._select = None


def _patterns(resolver=None, prefix=""):
    """(route with converters, URLPattern) for every URL in the URL conf."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


@pytest.fixture
def world(db, manager):
    """A college with something of everything: a published course with an enrolled
    student, sections and comments; a draft course; a term, venue, room, topic, glossary
    term; a pairing waiting for a declaration."""
    peer = PeerTrainerFactory(user__full_name="Pat Peer")
    practitioner = PractitionerTrainerFactory(user__full_name="Dr Prue Practitioner")
    pairing = PairingFactory(peer=peer, practitioner=practitioner, active=True)
    venue = Venue.objects.create(name="Oak House", address="1 Oak Street")
    room = Room.objects.create(venue=venue, name="Garden Room", capacity=14)
    course = open_course_make(manager=manager, pairing=pairing, room=room, capacity=3)
    section = add_section(course, peer.user)
    draft = make_course(pairing, peer.user, title="Sleep and wellbeing")
    add_section(draft, peer.user)
    student = UserFactory(full_name="Sally Student")
    enrolment = enrolment_create(course=course, student=student)
    feed = CalendarFeed.objects.create(user=student)
    proposed = PairingFactory(peer=peer)
    topic = Topic.objects.create(name="Wellbeing")
    glossary = GlossaryTerm.objects.create(term="comorbidity", plain="more than one condition")
    ids = {
        "workshops:prospectus-course": course.pk,
        "workshops:prospectus-course-ics": course.pk,
        "workshops:enrol": course.pk,
        "workshops:enrolment-detail": enrolment.pk,
        "workshops:enrolment-cancel": enrolment.pk,
        "workshops:offer-claim": enrolment.pk,
        "workshops:feedback-give": enrolment.pk,
        "workshops:term-edit": course.term_id,
        "workshops:venue-edit": venue.pk,
        "workshops:room-edit": room.pk,
        "workshops:glossary-delete": glossary.pk,
        "trainers:trainer-edit": peer.pk,
        "trainers:declaration-form": proposed.pk,
        "trainers:declaration-detail": Declaration.objects.filter(pairing=pairing).first().pk,
        "trainers:topic-delete": topic.pk,
    }
    return {
        "course": course,
        "draft": draft,
        "section": section,
        "pairing": pairing,
        "feed": feed,
        "ids": ids,
        "roles": {
            "anonymous": None,
            "student": student,
            "peer": peer.user,
            "practitioner": practitioner.user,
            "manager": manager,
        },
    }


@pytest.fixture
def quiet_request_log():
    """Thousands of 404s and 403s would each log a traceback; 500s are counted from the
    answers themselves."""
    loggers = [logging.getLogger(n) for n in ("django.request", "django.security")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    yield
    for logger, level in zip(loggers, levels, strict=True):
        logger.setLevel(level)


def _urls(world) -> list[tuple[str, str]]:
    """(URL name, a real path) for every pattern, with its arguments filled from the world."""
    urls = []
    for route, pattern in _patterns():
        if route.startswith("admin/"):
            continue
        name = pattern.name or route
        namespace = _namespace_of(route)
        full_name = f"{namespace}:{name}" if namespace else name
        path = route
        for converter in re.findall(r"<(?:\w+:)?(\w+)>", route):
            path = re.sub(rf"<(?:\w+:)?{converter}>", str(_arg(world, full_name, converter)), path)
        urls.append((full_name, "/" + path))
        if "<int:pk>" in route and full_name.startswith("workshops:course"):
            urls.append(
                (full_name + " (draft)", "/" + route.replace("<int:pk>", str(world["draft"].pk)))
            )
    return urls


def _namespace_of(route: str) -> str:
    for prefix, namespace in (
        ("accounts/", "accounts"),
        ("trainers/", "trainers"),
        ("audit/", "audit"),
    ):
        if route.startswith(prefix) and not route.startswith("trainers/my-workshops"):
            return namespace
    return "workshops" if route else ""


def _arg(world, name, converter):
    if converter == "pk":
        if name in world["ids"]:
            return world["ids"][name]
        return world["pairing"].pk if name.startswith("trainers:") else world["course"].pk
    return {
        "pairing_pk": world["pairing"].pk,
        "number": 1,
        "section_pk": world["section"].pk,
        "token": world["feed"].token,
        "uidb64": "MQ",
        "uidb64_": "MQ",
    }.get(converter, "set-password")


class Probe:
    """Sends requests, each inside a savepoint that is rolled back, and collects 500s."""

    def __init__(self, roles):
        self.clients = {}
        for role, user in roles.items():
            client = Client(raise_request_exception=False)
            if user is not None:
                client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
            self.clients[role] = client
        self.failures: list[str] = []
        self.requests = 0
        self.slow: list[tuple[float, str]] = []

    def send(self, role, method, path, data=None, **extra):
        self.requests += 1
        client = self.clients[role]
        cookies = copy.deepcopy(client.cookies)  # a log-out or log-in must not stick
        started = time.perf_counter()
        try:
            with transaction.atomic():
                if method == "get":
                    response = client.get(path, data, **extra)
                else:
                    response = client.post(path, data or {}, **extra)
                transaction.set_rollback(True)
        except Exception as error:  # noqa: BLE001 - a crash in the error page is a 500 too
            self.failures.append(f"{role} {method.upper()} {path} {_short(data)}: {error!r}")
            return None
        finally:
            client.cookies = cookies
            self.slow.append((time.perf_counter() - started, f"{method} {path.split('?')[0]}"))
        if response.status_code >= 500:
            self.failures.append(
                f"{role} {method.upper()} {path} {_short(data)}: {response.status_code}"
            )
        return response


def _short(data) -> str:
    if not data:
        return ""
    return repr({k: (v[:20] if isinstance(v, str) else v) for k, v in dict(data).items()})[:300]


def _discover(probe, urls) -> tuple[dict, set, set, dict]:
    """GET every URL as every role: the POST forms each role sees (keyed by action path),
    every field and query name seen, and which roles reach each URL (anything but 404,
    403 or a redirect to log in)."""
    forms: dict[tuple[str, str], list] = {}
    field_names: set[str] = set()
    query_names: set[str] = set(QUERY_NAMES)
    reach: dict[str, list[str]] = {}
    for _name, path in urls:
        for role in probe.clients:
            response = probe.send(role, "get", path)
            if response is None or response.status_code in (403, 404):
                continue
            if response.status_code == 302 and "/login/" in response["Location"]:
                continue
            reach.setdefault(path, []).append(role)
            if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
                continue
            parser = _Forms()
            parser.feed(response.content.decode())
            query_names |= parser.get_names
            for form in parser.forms:
                action = urlsplit(form["action"] or path).path or path
                if action.startswith(SKIP_PREFIXES):
                    continue
                fields = [f for f in form["fields"] if f[0] != "csrfmiddlewaretoken"]
                field_names |= {f[0] for f in fields}
                forms.setdefault((action, role), [])
                if fields not in forms[(action, role)]:
                    forms[(action, role)].append(fields)
    return forms, field_names, query_names, reach


def _base(fields) -> dict:
    data: dict[str, list] = {}
    for name, value, _kind in fields:
        if value is not MISSING:
            data.setdefault(name, []).append(value)
    return data


def _post_form(probe, role, action, fields, *, per_field: bool):
    """Every field hostile at once (one request per kind of value); then, the first time
    this form is seen, one field at a time with the others as the page rendered them."""
    base = _base(fields)
    for kind, value in HOSTILE_VALUES.items():
        if per_field or kind in ("long", "nul", "far_future_datetime"):
            probe.send(role, "post", action, {name: value for name, _v, _k in fields})
    if not per_field:
        return
    kinds = {}
    for name, _value, kind in fields:
        kinds.setdefault(name, kind)
    for name, kind in kinds.items():
        for value in FOR_TEXT if kind in TEXT_KINDS else FOR_OTHERS:
            probe.send(role, "post", action, {**base, name: HOSTILE_VALUES[value]})
        probe.send(role, "post", action, {k: v for k, v in base.items() if k != name})
    probe.send(role, "post", action, base, HTTP_HX_REQUEST="true")


def _mixed(names, shift: int) -> dict:
    """Every name, each with a different hostile value (rotated by `shift`)."""
    values = list(HOSTILE_VALUES.values())
    return {name: values[(i + shift) % len(values)] for i, name in enumerate(sorted(names))}


def test_no_input_anywhere_gets_a_500(world, quiet_request_log):
    urls = [(n, p) for n, p in _urls(world) if not p.startswith(SKIP_PREFIXES)]
    probe = Probe(world["roles"])
    forms, field_names, query_names, reach = _discover(probe, urls)
    assert len(forms) > 30, "the fuzz found too few forms to mean anything"

    fuzzed = set()
    for (action, role), variants in sorted(forms.items()):
        for fields in variants:
            shape = (action, tuple(f[0] for f in fields))
            _post_form(probe, role, action, fields, per_field=shape not in fuzzed)
            fuzzed.add(shape)

    every_field = sorted(field_names)
    for _name, path in urls:  # every pattern, POST-only ones too, as each role that reaches it
        for role in reach.get(path, ["anonymous"]):
            for shift in range(2):
                probe.send(role, "post", path, _mixed(every_field, shift))

    for _name, path in urls:  # hostile query strings
        for role in reach.get(path, ["anonymous"]):
            for shift in range(2):
                query = "&".join(
                    f"{name}={HOSTILE_QUERIES[(i + shift) % len(HOSTILE_QUERIES)]}"
                    for i, name in enumerate(sorted(query_names))
                )
                probe.send(role, "get", f"{path}?{query}")

    for path in _hostile_paths(world):  # hostile values inside the path itself
        for role in ("anonymous", "manager"):
            probe.send(role, "get", path)
            probe.send(role, "post", path, _mixed(["title", "body", "version"], 0))

    by_path = {}
    for seconds, what in probe.slow:
        by_path[what] = by_path.get(what, 0) + seconds
    for what, seconds in sorted(by_path.items(), key=lambda x: -x[1])[:25]:
        print(f"{seconds:6.2f}s {what}")
    print(f"\nfuzz: {probe.requests} requests, {len(forms)} forms by role, {len(urls)} URLs")
    assert probe.failures == [], f"{len(probe.failures)} answers were 500:\n" + "\n".join(
        probe.failures[:80]
    )


def _hostile_paths(world) -> list[str]:
    """Each URL with an argument, once per hostile value of its argument's type."""
    paths = []
    for route, _pattern in _patterns():
        if route.startswith("admin/"):
            continue
        for kind, name in re.findall(r"<(?:(\w+):)?(\w+)>", route):
            for value in HOSTILE_PATH_ARGS["int" if kind == "int" else "str"]:
                path = re.sub(rf"<(?:\w+:)?{name}>", value, route)
                path = re.sub(r"<(?:\w+:)?(\w+)>", "1", path)
                paths.append("/" + path)
    return paths


def test_every_url_pattern_is_reached(world):
    """The fuzz walks the URL conf: a new URL is fuzzed without anyone listing it."""
    names = {name for name, _path in _urls(world)}
    assert {"workshops:term-edit", "workshops:section-move", "accounts:signup"} <= names

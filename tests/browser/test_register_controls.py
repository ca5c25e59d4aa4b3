"""The register's Came / Did not come / Not marked buttons can be seen and used by
everyone (issue 13): a focus ring of at least 3:1 on every button (measured from the
pixels), a selected state shown by shape and text as well as colour, both still shown
with forced colours, and no overflow at 320 px wide with WCAG text spacing."""

import io

import pytest
from PIL import Image, ImageChops
from playwright.sync_api import expect

from workshops.services import enrolment_create, session_schedule

from ..factories import PASSWORD, ManagerFactory, UserFactory, open_course_make
from .test_journey_enrol import _later_today

CHOICES = ("came", "absent", "unmarked")
# WCAG 1.4.12 text spacing, as the bookmarklets people use apply it.
TEXT_SPACING = """
* { line-height: 1.5 !important; letter-spacing: 0.12em !important;
    word-spacing: 0.16em !important; }
p { margin-bottom: 2em !important; }
"""


@pytest.fixture
def register(transactional_db):
    """(register url, trainer, the first student's enrolment)."""
    manager = ManagerFactory()
    course = open_course_make(manager=manager, capacity=6, title="Living with anxiety")
    ada = enrolment_create(course=course, student=UserFactory(full_name="Adaeze Ashby-Oyelaran"))
    enrolment_create(course=course, student=UserFactory(full_name="Ben Brook"))
    session_schedule(
        course=course,
        user=manager,
        number=1,
        starts_at=_later_today(),
        online_link=f"https://meet.example.org/course-{course.pk}",
    )
    return f"/courses/{course.pk}/sessions/1/register/", course.pairing.peer.user, ada


def _open(page, register):
    url, trainer, _ = register
    page.goto("/accounts/login/")
    page.get_by_label("Email address").fill(trainer.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="My workshops", level=1)).to_be_visible()
    page.goto(url)
    expect(page.get_by_role("heading", name="Register: session 1")).to_be_visible()


def _luminance(rgb):
    def channel(c):
        c = c / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a, b):
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def _shot(page, box):
    return Image.open(io.BytesIO(page.screenshot(clip=box))).convert("RGB")


def _keyboard_focus(page, radio):
    """Focus a radio as a keyboard user does: Tab into its group (on its checked button)."""
    radio.evaluate("e => e.checked = true")
    page.get_by_role("link", name="All students").focus()
    for _ in range(10):
        page.keyboard.press("Tab")
        if radio.evaluate("e => e === document.activeElement"):
            return
    raise AssertionError("Tab never reached the button")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("choice", CHOICES)
def test_each_register_button_has_a_focus_ring_of_at_least_3_to_1(page, register, choice):
    _open(page, register)
    enrolment = register[2]
    radio = page.locator(f"#{choice}-{enrolment.pk}")
    label = page.locator(f"label[for={choice}-{enrolment.pk}]")
    label.scroll_into_view_if_needed()

    _keyboard_focus(page, radio)
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running')", polling="raf"
    )
    box = label.bounding_box()
    margin = 12
    clip = {
        "x": box["x"] - margin,
        "y": box["y"] - margin,
        "width": box["width"] + 2 * margin,
        "height": box["height"] + 2 * margin,
    }
    focused = _shot(page, clip)
    page.evaluate("document.activeElement.blur()")
    page.wait_for_function(
        "() => document.getAnimations().every(a => a.playState !== 'running')", polling="raf"
    )
    unfocused = _shot(page, clip)

    # The pixels that change by at least 3:1 between the two states are the focus ring;
    # WCAG 2.4.13 asks for at least the area of a 2px line around the control.
    changed = ImageChops.difference(focused, unfocused).getbbox()
    assert changed, "focus changes nothing on the button"
    after, before = focused.tobytes(), unfocused.tobytes()
    ring = sum(
        1 for i in range(0, len(after), 3) if _contrast(after[i : i + 3], before[i : i + 3]) >= 3
    )
    perimeter = 2 * (box["width"] + box["height"])
    assert ring >= 2 * perimeter, f"{ring} pixels change by 3:1; need {2 * perimeter:.0f}"


@pytest.mark.django_db(transaction=True)
def test_the_chosen_button_shows_a_tick_and_a_thicker_border_not_just_colour(page, register):
    _open(page, register)
    pk = register[2].pk
    page.locator(f"label[for=came-{pk}]").click()
    chosen, other = page.locator(f"label[for=came-{pk}]"), page.locator(f"label[for=absent-{pk}]")

    def style(label, prop, pseudo="null"):
        return label.evaluate(f"(e) => getComputedStyle(e, {pseudo}).{prop}")

    assert "✓" in style(chosen, "content", "'::after'")
    assert "✓" not in style(other, "content", "'::after'")
    assert style(chosen, "borderTopWidth") == "4px"
    assert style(other, "borderTopWidth") == "2px"
    colours = [
        tuple(int(c) for c in style(label, "backgroundColor")[4:-1].split(",")[:3])
        for label in (chosen, other)
    ]
    assert _contrast(*colours) >= 3


@pytest.mark.django_db(transaction=True)
def test_with_forced_colours_the_choice_and_the_focus_still_show(page, register):
    page.emulate_media(forced_colors="active")
    _open(page, register)
    pk = register[2].pk
    radio = page.locator(f"#came-{pk}")
    chosen, other = page.locator(f"label[for=came-{pk}]"), page.locator(f"label[for=absent-{pk}]")
    _keyboard_focus(page, radio)

    def style(label, prop, pseudo="null"):
        return label.evaluate(f"(e) => getComputedStyle(e, {pseudo}).{prop}")

    assert "✓" in style(chosen, "content", "'::after'")
    assert style(chosen, "borderTopStyle") == "double"
    assert style(other, "borderTopStyle") == "solid"
    assert style(chosen, "outlineStyle") == "solid"
    assert style(chosen, "outlineWidth") == "3px"


@pytest.mark.django_db(transaction=True)
def test_at_320_pixels_with_text_spacing_no_button_overflows(browser, live_server, register):
    # Playwright's own style tag needs the content security policy bypassed.
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 320, "height": 800}, bypass_csp=True
    )
    try:
        page = context.new_page()
        _open(page, register)
        page.add_style_tag(content=TEXT_SPACING)
        for row in page.locator(".register-row").all():
            card = row.bounding_box()
            for label in row.locator("label").all():
                box = label.bounding_box()
                assert box["x"] >= card["x"] - 0.5
                assert box["x"] + box["width"] <= card["x"] + card["width"] + 0.5, (
                    f"“{label.inner_text()}” overflows its card"
                )
        assert page.evaluate("document.documentElement.scrollWidth") <= 320
    finally:
        context.close()

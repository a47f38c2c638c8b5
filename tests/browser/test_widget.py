"""The chat widget on the demo council page, used as a family would: keyboard, screen reader roles,
a small phone, a broken connection, a reload, and hostile text."""

from __future__ import annotations

import json

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

LAUNCHER = "Chat: Help with a SEND disagreement"
WCAG_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}


def open_widget(page):
    page.get_by_role("button", name=LAUNCHER).click()
    expect(page.locator("#sg-input")).to_be_focused()
    expect(page.locator(".sg-choice").first).to_be_visible()  # the greeting's choices


def say(page, text):
    page.locator("#sg-input").fill(text)
    page.keyboard.press("Enter")


def log(page):
    return page.get_by_role("log", name="Conversation")


def axe_violations(page):
    results = Axe().run(page, options=WCAG_AA)
    return [(v["id"], v["impact"], [n["target"] for n in v["nodes"]]) for v in results.response["violations"]]


def test_keyboard_only(page):
    launcher = page.get_by_role("button", name=LAUNCHER)
    for _ in range(30):
        page.keyboard.press("Tab")
        if launcher.evaluate("node => node === document.activeElement"):
            break
    expect(launcher).to_be_focused()
    page.keyboard.press("Enter")
    expect(launcher).to_have_attribute("aria-expanded", "true")
    expect(page.locator("#sg-input")).to_be_focused()

    page.keyboard.type("how do I contact global mediation")
    page.keyboard.press("Enter")
    expect(log(page)).to_contain_text("0800 064 4488")
    expect(log(page).locator('a[href="tel:08000644488"]').first).to_be_visible()

    choice = page.locator(".sg-choice").first
    title = choice.inner_text()
    choice.focus()
    page.keyboard.press("Enter")
    expect(page.locator(".sg-from-user").last).to_have_text("You said: " + title)
    expect(page.locator("#sg-input")).to_be_focused()

    page.keyboard.press("Escape")
    expect(page.locator("#sg-panel")).to_be_hidden()
    expect(launcher).to_be_focused()
    expect(launcher).to_have_attribute("aria-expanded", "false")


def test_screen_reader_structure(page):
    open_widget(page)
    conversation = log(page)
    expect(conversation).to_have_attribute("aria-live", "polite")
    expect(page.get_by_label("Type your message")).to_be_visible()
    expect(page.get_by_role("region", name="Help with a SEND disagreement")).to_be_visible()


@pytest.mark.parametrize("state", ["closed", "open", "after a conversation"])
def test_no_wcag_22_aa_violations(page, state):
    if state != "closed":
        open_widget(page)
    if state == "after a conversation":
        say(page, "the council refused to assess my son")
        expect(log(page)).to_contain_text("Is that right?")
        page.get_by_role("button", name="Yes", exact=True).click()
        expect(log(page)).to_contain_text("What date is on the decision letter?")
        say(page, "no letter yet")
        expect(page.locator(".sg-from-bot").last).to_contain_text("?")
    assert axe_violations(page) == []


def test_links_are_safe_and_say_they_open_a_new_tab(page):
    open_widget(page)
    say(page, "what is the SEND tribunal")
    link = log(page).locator('a[href="https://www.gov.uk/appeal-ehc-plan-decision"]').first
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener noreferrer")
    expect(link).to_have_accessible_name("www.gov.uk/appeal-ehc-plan-decision (opens in a new tab)")


def test_small_phone_320_pixels_wide(mobile_page, screenshots):
    page = mobile_page
    open_widget(page)
    say(page, "the council refused to assess my son")
    expect(log(page)).to_contain_text("Is that right?")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320, "the page scrolls sideways"
    panel = page.locator("#sg-panel").bounding_box()
    assert panel["x"] >= 0 and panel["x"] + panel["width"] <= 320
    for button in page.locator(".sg-chat button:visible").all():
        box = button.bounding_box()
        assert box["width"] >= 24 and box["height"] >= 24, button.inner_text()
    expect(page.locator("#sg-input")).to_be_in_viewport()
    page.screenshot(path=str(screenshots / "widget-mobile.png"))


def test_desktop_screenshot(page, screenshots):
    open_widget(page)
    say(page, "the council refused to assess my son")
    expect(log(page)).to_contain_text("Is that right?")
    page.screenshot(path=str(screenshots / "widget-desktop.png"))


def test_server_down_keeps_the_typed_text_and_can_try_again(page):
    open_widget(page)
    page.route("**/webhooks/rest/webhook", lambda route: route.abort())
    say(page, "the school won't give my daughter a TA")
    fault = page.locator(".sg-fault")
    expect(fault).to_contain_text("not answering")
    expect(fault.locator('a[href="tel:08000644488"]')).to_be_visible()
    expect(page.locator("#sg-input")).to_have_value("the school won't give my daughter a TA")

    page.unroute("**/webhooks/rest/webhook")
    fault.get_by_role("button", name="Try again").click()
    expect(fault).to_have_count(0)
    expect(page.locator(".sg-from-bot").last).not_to_contain_text("Hello")
    expect(log(page)).to_contain_text("Is that right?")
    expect(page.locator("#sg-input")).to_have_value("")


def test_when_the_assistant_cannot_handle_a_message_the_widget_says_what_the_server_says(page):
    """A 503 carries content/messages.yml's try_again text; the widget shows it, not its own."""
    from channels.platform import try_again_text

    open_widget(page)
    page.route(
        "**/webhooks/rest/webhook",
        lambda route: route.fulfill(
            status=503,
            content_type="application/json",
            body=json.dumps({"error": "unavailable", "message": try_again_text()}),
        ),
    )
    say(page, "the council refused to assess my son")
    fault = page.locator(".sg-fault")
    expect(fault).to_contain_text("Please send your message again in a minute.")
    expect(fault).not_to_contain_text("not answering")
    expect(page.locator("#sg-input")).to_have_value("the council refused to assess my son")


def test_transcript_survives_a_reload_but_not_a_new_tab(page, servers):
    open_widget(page)
    say(page, "the council refused to assess my son")
    expect(log(page)).to_contain_text("Is that right?")
    page.locator("#sg-input").fill("half-typed message")
    page.reload()
    expect(page.locator("#sg-panel")).to_be_visible()
    expect(log(page)).to_contain_text("the council refused to assess my son")
    expect(log(page)).to_contain_text("Is that right?")
    expect(page.locator("#sg-input")).to_have_value("half-typed message")
    # The conversation goes on with the same id after the reload.
    page.get_by_role("button", name="Yes", exact=True).click()
    expect(log(page)).to_contain_text("2 months")

    other_tab = page.context.new_page()
    other_tab.goto(servers.web_url)
    expect(other_tab.locator("#sg-panel")).to_be_hidden()
    assert other_tab.evaluate("sessionStorage.getItem('send-guide-chat')") is None


def test_typed_html_is_shown_as_text_and_never_run(page):
    open_widget(page)
    hostile = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2">'
    say(page, hostile)
    expect(page.locator(".sg-from-user").last).to_have_text("You said: " + hostile)
    page.wait_for_timeout(500)
    assert page.evaluate("window.pwned") is None
    assert page.locator(".sg-log script, .sg-log img").count() == 0


def test_start_again_forgets_the_conversation(page):
    open_widget(page)
    say(page, "the council refused to assess my son")
    expect(log(page)).to_contain_text("Is that right?")
    before = page.evaluate("JSON.parse(sessionStorage.getItem('send-guide-chat')).sender")
    page.get_by_role("button", name="Start again").click()
    expect(log(page)).not_to_contain_text("refused to assess")
    expect(page.locator(".sg-choice").first).to_be_visible()
    assert page.evaluate("JSON.parse(sessionStorage.getItem('send-guide-chat')).sender") != before


def test_save_or_print_prints_only_the_conversation(page):
    # (the trailing "null" stops Playwright calling the stub: it calls an expression that is a function)
    page.evaluate(
        "window.printed = 0; window.print = () => "
        "{ window.printed += 1; window.printClass = document.documentElement.className; }; null"
    )
    open_widget(page)
    page.get_by_role("button", name="Save or print this conversation").click()
    assert page.evaluate("window.printed") == 1
    assert "sg-printing" in page.evaluate("window.printClass")
    page.emulate_media(media="print")
    page.evaluate("document.documentElement.classList.add('sg-printing')")
    expect(page.locator("main")).to_be_hidden()
    expect(log(page)).to_be_visible()
    expect(page.locator(".sg-form")).to_be_hidden()


def test_reduced_motion_stops_the_typing_animation(browser, servers):
    context = browser.new_context(reduced_motion="reduce")
    page = context.new_page()
    page.goto(servers.web_url)
    page.route("**/webhooks/rest/webhook", lambda route: None)  # never answers: stays "typing"
    page.get_by_role("button", name=LAUNCHER).click()
    expect(page.locator(".sg-typing")).to_have_text("The assistant is typing\u2026")
    animation = page.evaluate("getComputedStyle(document.querySelector('.sg-typing'), '::after').animationName")
    assert animation == "none"
    context.close()


def test_messages_sent_before_a_reply_are_queued_not_lost(page):
    page.get_by_role("button", name=LAUNCHER).click()
    say(page, "hello")  # the greeting may still be on its way
    say(page, "thank you")
    expect(page.locator(".sg-from-user")).to_have_count(2)
    expect(page.locator(".sg-from-bot").last).to_contain_text("You're welcome")


def test_400_percent_zoom_is_still_usable(browser, servers):
    # A 1280 by 800 window at 400% zoom is a 320 by 200 CSS viewport.
    context = browser.new_context(viewport={"width": 320, "height": 200})
    page = context.new_page()
    page.goto(servers.web_url)
    page.get_by_role("button", name=LAUNCHER).click()
    expect(page.locator("#sg-input")).to_be_focused()
    page.keyboard.type("the council refused to assess my son")
    page.keyboard.press("Enter")
    expect(log(page)).to_contain_text("Is that right?")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320
    page.get_by_role("button", name="Yes", exact=True).scroll_into_view_if_needed()
    page.get_by_role("button", name="Yes", exact=True).click()
    expect(log(page)).to_contain_text("2 months")
    context.close()


def test_title_greeting_and_colour_can_be_set_in_the_tag(page, servers):
    custom = (
        '<!DOCTYPE html><html lang="en-GB"><head><title>Custom</title></head><body><main><h1>Custom page</h1></main>'
        '<script src="chat/widget.js" data-server-url="' + servers.rasa_base + '" data-title="Ask about SEND"'
        ' data-greeting="Hi. Ask me about SEND disagreements." data-colour="#0b0c0c" defer></script></body></html>'
    )
    page.route(servers.web_url + "custom.html", lambda route: route.fulfill(body=custom, content_type="text/html"))
    webhook_calls = []
    page.on("request", lambda request: webhook_calls.append(request.url) if "webhook" in request.url else None)
    page.goto(servers.web_url + "custom.html")
    launcher = page.get_by_role("button", name="Chat: Ask about SEND")
    assert launcher.evaluate("node => getComputedStyle(node).backgroundColor") == "rgb(11, 12, 12)"
    launcher.click()
    expect(page.get_by_role("heading", name="Ask about SEND")).to_be_visible()
    expect(log(page)).to_contain_text("Hi. Ask me about SEND disagreements.")
    assert webhook_calls == []  # the greeting came from the tag, not the server


def test_no_focus_trap_when_open(page):
    open_widget(page)
    for _ in range(20):
        page.keyboard.press("Tab")
        if not page.evaluate("document.activeElement.closest('.sg-chat')"):
            break
    assert not page.evaluate("document.activeElement.closest('.sg-chat')"), "Tab never leaves the open widget"


FOCUS_VISIBLE = """() => {
  const node = document.activeElement;
  const box = node.getBoundingClientRect();
  const points = [[0.5, 0.5], [0.1, 0.1], [0.9, 0.1], [0.1, 0.9], [0.9, 0.9]];
  return points.some(([x, y]) => {
    const hit = document.elementFromPoint(box.left + box.width * x, box.top + box.height * y);
    return hit && (hit === node || node.contains(hit));
  });
}"""


@pytest.mark.parametrize(
    "viewport", [{"width": 1280, "height": 800}, {"width": 320, "height": 640}], ids=["desktop", "mobile"]
)
def test_focus_on_the_page_is_never_hidden_by_the_open_widget(browser, servers, viewport):
    context = browser.new_context(viewport=viewport)
    page = context.new_page()
    page.goto(servers.web_url)
    page.get_by_role("button", name=LAUNCHER).click()
    expect(page.locator(".sg-choice").first).to_be_visible()
    hidden = []
    for _ in range(40):  # backwards through the page, from the widget to the top
        page.keyboard.press("Shift+Tab")
        if page.evaluate("document.activeElement.closest('.sg-chat') || document.activeElement === document.body"):
            continue
        if not page.evaluate(FOCUS_VISIBLE):
            hidden.append(page.evaluate("document.activeElement.outerHTML.slice(0, 80)"))
    context.close()
    assert hidden == []


def test_escape_on_the_page_closes_the_panel_and_leaves_focus_there(page):
    open_widget(page)
    link = page.locator('main a[href="tel:08000644488"]')
    link.focus()
    page.keyboard.press("Escape")
    expect(page.locator("#sg-panel")).to_be_hidden()
    expect(link).to_be_focused()


def test_text_typed_while_waiting_survives_a_reload(page):
    open_widget(page)
    say(page, "the council refused to assess my son")
    page.locator("#sg-input").fill("and what about")  # typed before the reply arrives
    expect(log(page)).to_contain_text("Is that right?")
    page.reload()
    expect(page.locator("#sg-input")).to_have_value("and what about")

"""End to end in Debian's chromium, driven by Playwright, using the keyboard only.

Focus moves only by Tab (and arrow keys within radio groups and drop-down lists); buttons
and links are pressed with Enter. Under CI=true these tests fail, never skip, when chromium
or Playwright is missing. Screenshots go to ``$ALLIANCEDOCS_SCREENSHOTS`` when it is set.
"""

from __future__ import annotations

import io
import os
import shutil
import threading
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
import pytest

from alliancedocs.core import evaluate_file
from alliancedocs.load import load_yaml_text
from questionnaire_support import EXAMPLES

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
REQUIRED = os.environ.get("CI") == "true" or os.environ.get(
    "ALLIANCEDOCS_REQUIRE_CHROMIUM") == "1"
TIMEOUT_MS = 20_000


def _unavailable(reason: str) -> None:
    if REQUIRED:
        pytest.fail(f"{reason}; the browser tests must run in CI")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    if not Path(CHROMIUM).exists():
        _unavailable(f"{CHROMIUM} is not installed (apt-get install chromium)")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("Playwright is not installed (pip install -e '.[test]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS,
                                              timeout=60_000)
        yield launched
        launched.close()


class Server:
    """The questionnaire served by uvicorn on a free loopback port, in a thread."""

    def __init__(self, answers: Path) -> None:
        import uvicorn

        from alliancedocs.questionnaire.app import Questionnaire
        from alliancedocs.questionnaire.security import Keys
        from alliancedocs.questionnaire.server import loopback_socket

        self.socket = loopback_socket(0)
        self.keys = Keys(port=self.socket.getsockname()[1])
        config = uvicorn.Config(Questionnaire(answers, self.keys).app(), log_level="warning",
                                lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run,
                                       kwargs={"sockets": [self.socket]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "the server did not start"
            time.sleep(0.02)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.keys.port}"

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.socket.close()


@pytest.fixture
def serve() -> Iterator[object]:
    servers: list[Server] = []

    def start(answers: Path) -> Server:
        servers.append(Server(answers))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()


class Keys:
    """Keyboard-only driving of one page."""

    def __init__(self, page: object) -> None:
        self.page = page

    def focused(self, selector: str) -> bool:
        return self.page.evaluate(
            "s => !!document.activeElement && document.activeElement.matches(s)", selector)

    def tab_to(self, selector: str, limit: int = 200) -> None:
        for _ in range(limit):
            if self.focused(selector):
                return
            self.page.keyboard.press("Tab")
        raise AssertionError(f"Tab never reached {selector} on {self.page.url}")

    def type(self, name: str, text: str) -> None:
        self.tab_to(f'[name="{name}"]')
        self.page.keyboard.press("Control+A")
        self.page.keyboard.press("Delete")
        self.page.keyboard.type(text)

    def date(self, name: str, day: str, month: str, year: str) -> None:
        for part, value in (("day", day), ("month", month), ("year", year)):
            self.type(f"{name}.{part}", value)

    def radio(self, name: str, value: str) -> None:
        self.tab_to(f'[name="{name}"]')
        for _ in range(12):
            state = self.page.evaluate(
                "n => { const c = document.querySelector(`[name='${n}']:checked`);"
                " return [document.activeElement.value, c ? c.value : null]; }", name)
            if state[1] == value:
                return
            if state[0] == value:
                self.page.keyboard.press("Space")
            else:
                self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"could not choose {value} for {name}")

    def select(self, name: str, value: str) -> None:
        self.tab_to(f'[name="{name}"]')
        for _ in range(40):
            if self.page.evaluate("n => document.querySelector(`[name='${n}']`).value",
                                  name) == value:
                return
            self.page.keyboard.press("ArrowDown")
        raise AssertionError(f"could not choose {value} in {name}")

    def press(self, selector: str) -> None:
        """Tab to a button or link and press Enter, waiting for the page that follows."""
        self.tab_to(selector)
        with self.page.expect_navigation(timeout=TIMEOUT_MS):
            self.page.keyboard.press("Enter")

    def save_and_continue(self, expected: str) -> None:
        self.press("#save-and-continue")
        if not self.page.url.split("#")[0].endswith(expected):
            summary = self.page.locator("#error-summary")
            shown = summary.inner_text() if summary.count() else ""
            raise AssertionError(f"expected {expected}, at {self.page.url}: {shown}")


def _shot(page: object, name: str) -> None:
    folder = os.environ.get("ALLIANCEDOCS_SCREENSHOTS")
    if folder:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _open(browser: object, server: Server, path: str = "/", *,
          javascript: bool = True) -> tuple[object, object, Keys]:
    context = browser.new_context(accept_downloads=True, viewport={"width": 1100,
                                                                   "height": 900},
                                  java_script_enabled=javascript)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(server.keys.launch_url)
    if path != "/":
        page.goto(server.origin + path)
    return context, page, Keys(page)


def _wait_saved(page: object) -> None:
    page.locator("#save-status", has_text="Saved.").wait_for()
    page.evaluate("() => { document.getElementById('save-status').textContent = ''; }")


def test_a_new_alliance_from_blank_to_a_downloaded_zip(browser, serve, tmp_path):
    answers = tmp_path / "northbrook.yaml"
    server = serve(answers)
    context, page, keys = _open(browser, server)
    _shot(page, "01-task-list-blank")
    keys.press('a[href="/page/alliance"]')
    keys.type("alliance.name", "Northbrook Recovery Alliance")
    keys.type("alliance.service_scope", "Community mental health rehabilitation for adults.")
    keys.type("alliance.vision", "People recover and live well in their community.")
    keys.save_and_continue("/page/outcomes")
    keys.type("alliance.outcomes.statements", "I have a safe and settled place to live.")
    keys.radio("alliance.outcomes.co_produced", "true")
    keys.type("alliance.outcomes.co_produced_with", "The Northbrook service user forum.")
    keys.save_and_continue("/page/dates-and-budget")
    keys.date("alliance.agreement_date", "2", "3", "2026")
    keys.date("alliance.commencement_date", "1", "4", "2026")
    keys.type("alliance.term_years", "5")
    keys.type("alliance.annual_budget", "6,500,000")
    keys.save_and_continue("/page/parties")
    parties = (
        ("NHS Northbrook Integrated Care Board", "the ICB", "northbrook-icb", "commissioner",
         "icb", "owner", None),
        ("Open Door Northbrook", "Open Door", "open-door", "provider", "charity",
         "participant", "120000"),
    )
    for index, (legal, short, pid, role, kind, share, margin) in enumerate(parties):
        keys.press("#f-parties-add")
        prefix = f"parties.{index}"
        keys.type(f"{prefix}.legal_name", legal)
        keys.type(f"{prefix}.short_name", short)
        keys.type(f"{prefix}.id", pid)
        keys.radio(f"{prefix}.role", role)
        keys.select(f"{prefix}.kind", kind)
        keys.type(f"{prefix}.registered_address", f"{index + 1} Market Square, Northbrook")
        keys.type(f"{prefix}.signatory.name", ["Alex Morgan", "Jo Evans"][index])
        keys.type(f"{prefix}.signatory.title", "Chief Executive")
        keys.radio(f"{prefix}.risk_share_role", share)
        if margin:
            keys.type(f"{prefix}.margin", margin)
        keys.save_and_continue("/page/parties")
    _shot(page, "02-parties")
    keys.save_and_continue("/page/decisions")
    keys.radio("governance.tier", "strategic")
    keys.save_and_continue("/page/leadership-team")
    for index, (pid, name) in enumerate((("northbrook-icb", "Alex Morgan"),
                                         ("open-door", "Jo Evans"))):
        keys.press("#f-governance-alt-members-add")
        prefix = f"governance.alt.members.{index}"
        keys.select(f"{prefix}.party", pid)
        keys.type(f"{prefix}.name", name)
        keys.type(f"{prefix}.role", "Chief Executive")
        keys.save_and_continue("/page/leadership-team")
    keys.select("governance.alt.chair", "open-door")
    keys.save_and_continue("/page/reserved-powers")
    keys.save_and_continue("/page/disputes-and-membership")
    keys.save_and_continue("/page/principles")
    keys.save_and_continue("/page/result-areas")
    keys.press("#f-kras-add")
    keys.type("kras.0.name", "Cost")
    keys.type("kras.0.id", "cost")
    keys.type("kras.0.weight", "100")
    keys.radio("kras.0.covers_cost", "true")
    keys.press("#f-kras-0-kpis-add")
    keys.type("kras.0.kpis.0.measure", "Actual cost against target")
    keys.type("kras.0.kpis.0.id", "cost-vs-target")
    keys.type("kras.0.kpis.0.unit", "%")
    keys.radio("kras.0.kpis.0.direction", "lower-is-better")
    for level, value in zip(("gamebreaking", "stretch", "above_mcos", "mcos", "below_mcos",
                             "poor", "failure"), ("85", "90", "95", "100", "105", "110", "120"),
                            strict=True):
        keys.type(f"kras.0.kpis.0.thresholds.{level}", value)
    keys.type("kras.0.kpis.0.data_source", "Alliance accounts")
    _shot(page, "03-kpi")
    keys.save_and_continue("/page/result-area/0")
    keys.save_and_continue("/page/result-areas")
    keys.save_and_continue("/page/regime")
    keys.radio("risk_share.regime", "gain-pain")
    keys.type("risk_share.target_outturn_cost", "6500000")
    keys.save_and_continue("/page/payment")
    keys.save_and_continue("/page/toc-adjustment")
    keys.save_and_continue("/page/shares")
    keys.save_and_continue("/page/pool-and-distribution")
    keys.save_and_continue("/page/level-scores")
    keys.save_and_continue("/page/contracts")
    keys.press("#f-contracts-service-contracts-add")
    prefix = "contracts.service_contracts.0"
    keys.select(f"{prefix}.provider", "open-door")
    keys.radio(f"{prefix}.overlay", "none")
    keys.type(f"{prefix}.expected_annual_value", "6500000")
    keys.press("#f-contracts-service-contracts-0-service-lines-add")
    keys.type(f"{prefix}.service_lines.0.name", "Peer support")
    keys.type(f"{prefix}.service_lines.0.description", "Peer support for recovery at home.")
    keys.save_and_continue("/page/service-contract/0")
    keys.save_and_continue("/page/contracts")
    keys.save_and_continue("/page/pooled-fund")
    keys.save_and_continue("/page/departures")
    keys.save_and_continue("/review")
    _shot(page, "04-review")
    evaluation = evaluate_file(answers)
    assert evaluation.ok, [d.format() for d in evaluation.problems]
    keys.tab_to("#download")
    with page.expect_download(timeout=60_000) as info:
        page.keyboard.press("Enter")
    target = tmp_path / "drafts.zip"
    info.value.save_as(target)
    archive = zipfile.ZipFile(target)
    names = set(archive.namelist())
    assert {"alliance-agreement.docx", "integrity-report.md", "integrity-report.json",
            "manifest.json"} <= names
    agreement = docx.Document(io.BytesIO(archive.read("alliance-agreement.docx")))
    text = "\n".join(p.text for p in agreement.paragraphs)
    assert "Northbrook Recovery Alliance" in text
    assert "NHS Northbrook Integrated Care Board" in text and "Open Door Northbrook" in text
    data = load_yaml_text(answers.read_text(), "x").data
    assert data["alliance"]["annual_budget"] == 6500000
    assert data["alliance"]["agreement_date"] == "2026-03-02"
    context.close()


def test_a_warning_appears_live_for_majority_and_is_acknowledged(browser, serve, tmp_path):
    answers = tmp_path / "lambeth.yaml"
    shutil.copy(EXAMPLES / "lambeth-rehabilitation.yaml", answers)
    server = serve(answers)
    context, page, keys = _open(browser, server, "/page/decisions")
    page.evaluate("window.stillThisPage = true")
    assert page.locator("#flag-majority-decisions").count() == 0
    keys.radio("governance.decision_rule", "majority")
    warning = page.locator("[data-live-for='f-governance-decision-rule'] "
                           "#flag-majority-decisions")
    warning.wait_for()
    assert page.evaluate("window.stillThisPage"), "the warning came without a page load"
    shown = warning.inner_text()
    assert "High" in shown and "Key decisions are taken by majority" in shown
    assert "The true-alliance position:" in shown
    assert "What the agreement will say" in shown and "majority" in shown
    assert "decision_rule: majority" in answers.read_text()
    _shot(page, "05-live-warning")
    keys.tab_to("#flag-majority-decisions summary")
    page.keyboard.press("Enter")
    keys.type("ack.majority-decisions",
              "Majority voting for the first year, while trust is built.")
    keys.press("button[value='ack:majority-decisions']")
    assert "Acknowledged." in page.locator("#flag-majority-decisions").inner_text()
    data = load_yaml_text(answers.read_text(), "x").data
    assert {"id": "majority-decisions", "justification":
            "Majority voting for the first year, while trust is built."} in data[
        "acknowledged_departures"]
    _shot(page, "06-acknowledged")
    context.close()


def test_save_close_and_resume(browser, serve, tmp_path):
    answers = tmp_path / "resume.yaml"
    server = serve(answers)
    context, page, keys = _open(browser, server, "/page/alliance")
    keys.type("alliance.name", "Resumed Alliance")
    page.keyboard.press("Tab")
    _wait_saved(page)
    keys.type("alliance.vision", "Typed but never left")
    context.close()  # the browser closes mid-field
    server.stop()
    data = load_yaml_text(answers.read_text(), "x").data
    assert data == {"alliance": {"name": "Resumed Alliance"}}
    server = serve(answers)
    context, page, keys = _open(browser, server)
    assert "In progress" in page.locator("#status-alliance").inner_text()
    keys.press('a[href="/page/alliance"]')
    assert page.locator("[name='alliance.name']").input_value() == "Resumed Alliance"
    assert page.locator("[name='alliance.vision']").input_value() == ""
    context.close()


def test_without_javascript_back_and_the_task_list_keep_what_was_typed(browser, serve,
                                                                      tmp_path):
    answers = tmp_path / "lambeth.yaml"
    shutil.copy(EXAMPLES / "lambeth-rehabilitation.yaml", answers)
    server = serve(answers)
    context, page, keys = _open(browser, server, "/page/outcomes", javascript=False)
    assert page.evaluate("1 + 1") == 2  # Playwright's own calls still run
    assert page.locator("#save-status").inner_text() == ""  # the page's script does not
    keys.type("alliance.outcomes.co_produced_with", "The Lambeth recovery forum")
    _shot(page, "06b-no-script-back")
    keys.press(".back-link")
    assert page.url == server.origin + "/page/alliance"
    data = load_yaml_text(answers.read_text(), "x").data
    assert data["alliance"]["outcomes"]["co_produced_with"] == "The Lambeth recovery forum"
    keys.type("alliance.geography", "Lambeth and Southwark")
    keys.press("button[value=tasks]")
    assert page.url == server.origin + "/"
    assert load_yaml_text(answers.read_text(), "x").data["alliance"][
        "geography"] == "Lambeth and Southwark"
    page.goto(server.origin + "/page/party/0")
    keys.type("parties.0.short_name", "Lambeth Council")
    keys.press(".back-link")  # from an item, Back leads to its list, saving on the way
    assert page.url == server.origin + "/page/parties#f-parties-add"
    assert load_yaml_text(answers.read_text(), "x").data["parties"][0][
        "short_name"] == "Lambeth Council"
    context.close()


def test_a_save_after_a_concurrent_edit_is_refused(browser, serve, tmp_path):
    answers = tmp_path / "lambeth.yaml"
    shutil.copy(EXAMPLES / "lambeth-rehabilitation.yaml", answers)
    server = serve(answers)
    context, first, keys = _open(browser, server, "/page/alliance")
    second = context.new_page()
    second.goto(server.origin + "/page/alliance")
    keys.type("alliance.short_name", "First tab")
    first.keyboard.press("Tab")
    _wait_saved(first)
    saved = answers.read_text()
    other = Keys(second)
    other.type("alliance.geography", "Second tab")
    second.keyboard.press("Tab")
    banner = second.locator("#conflict .notification")
    banner.wait_for()
    assert "changed after this page was opened" in banner.inner_text()
    assert answers.read_text() == saved
    _shot(second, "07-conflict")
    other.press("#reload-link")
    assert second.locator("[name='alliance.short_name']").input_value() == "First tab"
    context.close()


def test_error_summary_links_focus_the_field(browser, serve, tmp_path):
    server = serve(tmp_path / "errors.yaml")
    context, page, keys = _open(browser, server, "/page/outcomes")
    keys.type("alliance.outcomes.statements", "I am in control of my own recovery.")
    keys.press("#save-and-continue")
    assert page.url.endswith("/page/outcomes?checked=1#error-summary")
    assert keys.focused("#error-summary"), "the summary takes focus when the page opens"
    _shot(page, "08-error-summary")
    links = page.locator("#error-summary a")
    assert links.count() == 1
    page.keyboard.press("Tab")
    assert keys.focused("#error-summary a")
    page.keyboard.press("Enter")
    assert keys.focused("#f-alliance-outcomes-co-produced-0")
    context.close()


def test_no_serious_or_critical_accessibility_violations(browser, serve, tmp_path):
    from axe_playwright_python.sync_playwright import Axe

    answers = tmp_path / "watered.yaml"
    shutil.copy(EXAMPLES / "watered-down-partnership.yaml", answers)
    server = serve(answers)
    context, page, _ = _open(browser, server)
    axe = Axe()
    problems = []
    for path in ("/", "/page/decisions", "/page/party/0", "/page/dates-and-budget",
                 "/page/service-contract/0", "/page/result-area/0", "/review",
                 "/page/alliance?checked=1", "/page/parties?remove=parties.0"):
        page.goto(server.origin + path)
        page.locator("details").evaluate_all("all => all.forEach(d => d.open = true)")
        result = axe.run(page)
        for violation in result.response["violations"]:
            if violation["impact"] in ("serious", "critical"):
                problems.append((path, violation["id"], violation["help"],
                                 [n["target"] for n in violation["nodes"]][:3]))
    assert not problems
    context.close()

"""Every route of the questionnaire, through Starlette's TestClient."""

from __future__ import annotations

import io
import re
import shutil
import zipfile

import docx
import pytest

from alliancedocs.core import evaluate_file
from alliancedocs.load import load_yaml_text
from questionnaire_support import EXAMPLES, ORIGIN, client_for, form_state, post


@pytest.fixture
def lambeth(tmp_path):
    path = tmp_path / "lambeth.yaml"
    shutil.copy(EXAMPLES / "lambeth-rehabilitation.yaml", path)
    return path


def _data(path):
    return load_yaml_text(path.read_text(), str(path)).data


def test_the_task_list_shows_each_section_with_status_and_counts(tmp_path, lambeth):
    client, _ = client_for(tmp_path / "new.yaml")
    html = client.get("/").text
    assert html.count("Not started") == 8
    client, _ = client_for(lambeth)
    html = client.get("/").text
    assert html.count("Complete") == 8 and "Not started" not in html
    post(client, "/page/decisions", {"governance.decision_rule": "majority",
                                     "action": "continue"})
    post(client, "/page/alliance", {"alliance.name": "", "action": "continue"})
    html = client.get("/").text
    governance = html[html.index(">Governance<"):html.index(">Principles<")]
    assert "1 warning" in governance and "Complete" in governance
    about = html[html.index(">About the alliance<"):html.index(">Parties<")]
    assert "1 error" in about and "In progress" in about


def test_a_page_shows_the_answers_from_the_file(lambeth):
    client, _ = client_for(lambeth)
    html = client.get("/page/party/0").text
    legal = "The Mayor and Burgesses of the London Borough of Lambeth"
    assert f'value="{legal}"' in html
    assert f'<h1 class="heading-l">Party: {legal}</h1>' in html
    html = client.get("/page/dates-and-budget").text
    assert 'name="alliance.agreement_date.day" inputmode="numeric" value="14"' in html
    assert 'value="10500000"' in html


def test_saving_a_page_writes_the_answers_and_continues(lambeth):
    client, _ = client_for(lambeth)
    response = post(client, "/page/alliance", {
        "alliance.name": "Lambeth Living Well Alliance", "alliance.short_name": "LLWA",
        "alliance.objectives": "First objective\r\n\r\nSecond objective\r\n",
        "action": "continue"})
    assert response.status_code == 303 and response.headers["location"] == "/page/outcomes"
    alliance = _data(lambeth)["alliance"]
    assert alliance["name"] == "Lambeth Living Well Alliance"
    assert alliance["short_name"] == "LLWA"
    assert alliance["objectives"] == ["First objective", "Second objective"]


def test_dates_and_money_are_written_as_dates_and_numbers(lambeth):
    client, _ = client_for(lambeth)
    post(client, "/page/dates-and-budget", {
        "alliance.agreement_date.day": "2", "alliance.agreement_date.month": "3",
        "alliance.agreement_date.year": "2026", "alliance.annual_budget": "£6,500,000.50",
        "alliance.term_years": "7", "action": "continue"})
    text = lambeth.read_text()
    assert "agreement_date: 2026-03-02" in text
    assert re.search(r"annual_budget: 6500000\.50\b", text)
    assert _data(lambeth)["alliance"]["term_years"] == 7


def test_an_invalid_answer_is_kept_and_the_core_says_why(lambeth):
    client, _ = client_for(lambeth)
    response = post(client, "/page/dates-and-budget", {
        "alliance.agreement_date.day": "30", "alliance.agreement_date.month": "2",
        "alliance.agreement_date.year": "2026", "alliance.term_years": "forty",
        "action": "continue"})
    assert response.headers["location"] == "/page/dates-and-budget?checked=1#error-summary"
    assert _data(lambeth)["alliance"]["term_years"] == "forty"
    html = client.get(response.headers["location"]).text
    summary = html[html.index('id="error-summary"'):html.index("</ul>")]
    core = [d for d in evaluate_file(lambeth).diagnostics if d.is_error]
    assert {d.path for d in core} == {("alliance", "agreement_date"),
                                      ("alliance", "term_years")}
    for diagnostic in core:
        message = re.sub(r"`([^`]+)`", r"<code>\1</code>", diagnostic.message)
        assert message.replace("'", "&#39;") in summary
    assert 'href="#f-alliance-agreement-date-day"' in summary
    assert 'href="#f-alliance-term-years"' in summary
    assert 'value="forty"' in html


def test_missing_answers_are_shown_only_once_a_page_is_submitted(tmp_path):
    client, _ = client_for(tmp_path / "new.yaml")
    assert 'id="error-summary"' not in client.get("/page/alliance").text
    response = post(client, "/page/alliance", {"alliance.name": "Northbrook",
                                               "action": "continue"})
    assert response.headers["location"].startswith("/page/alliance?checked=1")
    html = client.get("/page/alliance?checked=1").text
    assert "the required field <code>service_scope</code> is missing" in html
    assert 'href="#f-alliance-service-scope"' in html


def test_add_another_and_remove_for_repeatable_groups(lambeth):
    client, _ = client_for(lambeth)
    count = len(_data(lambeth)["parties"])
    response = post(client, "/page/parties", {"action": "add:parties"})
    assert response.headers["location"] == f"/page/party/{count}"
    html = client.get(f"/page/party/{count}").text
    assert "Party " in html and f'name="parties.{count}.legal_name"' in html
    post(client, f"/page/party/{count}", {f"parties.{count}.legal_name": "Open Door",
                                          "action": "continue"})
    assert _data(lambeth)["parties"][count] == {"legal_name": "Open Door"}
    html = client.get("/page/parties").text
    assert "Open Door" in html and f'href="?remove=parties.{count}"' in html
    confirm = client.get(f"/page/parties?remove=parties.{count}")
    assert "<h1 class=\"heading-l\">Remove Open Door?</h1>" in confirm.text
    assert len(_data(lambeth)["parties"]) == count + 1, "asking changes nothing"
    assert f'value="remove:parties.{count}"' in confirm.text
    response = post(client, "/page/parties", {"action": f"remove:parties.{count}"},
                    page=f"/page/parties?remove=parties.{count}")
    assert response.status_code == 303
    assert len(_data(lambeth)["parties"]) == count
    for wrong in ("kras.0", f"parties.{count + 5}", "parties", "../x"):
        assert client.get(f"/page/parties?remove={wrong}").status_code == 404
    # Nested groups: a KPI inside a KRA.
    kpis = len(_data(lambeth)["kras"][0]["kpis"])
    response = post(client, "/page/result-area/0", {"action": "add:kras.0.kpis"})
    assert response.headers["location"] == f"/page/indicator/0/{kpis}"
    # A button that does not belong to the page is refused.
    response = post(client, "/page/decisions", {"action": "add:parties"})
    assert response.status_code == 400
    response = post(client, "/page/parties", {"action": "remove:kras.0"})
    assert response.status_code == 400


def test_party_references_offer_the_parties_entered(lambeth):
    client, _ = client_for(lambeth)
    html = client.get("/page/leadership-team").text
    select = html[html.index('name="governance.alt.chair"'):]
    select = select[:select.index("</select>")]
    ids = re.findall(r'<option value="([^"]+)"', select)
    assert ids == [p["id"] for p in _data(lambeth)["parties"]]
    html = client.get("/page/service-contract/0").text
    select = html[html.index('name="contracts.service_contracts.0.provider"'):]
    offered = re.findall(r'<option value="([^"]+)"', select[:select.index("</select>")])
    providers = [p["id"] for p in _data(lambeth)["parties"] if p["role"] == "provider"]
    assert offered == providers


def test_conditional_questions(lambeth):
    client, _ = client_for(lambeth)
    html = client.get("/page/regime").text
    assert re.search(r'id="q-f-risk-share-starts-on" hidden', html)
    post(client, "/page/regime", {"risk_share.regime": "deferred", "action": "save"})
    html = client.get("/page/regime").text
    assert not re.search(r'id="q-f-risk-share-starts-on" hidden', html)
    assert "data-when=\"risk_share.regime\" data-when-values='[\"deferred\"]'" in html
    # Packages of works only at the framework tier.
    response = post(client, "/page/management", {"action": "continue"})
    assert response.headers["location"] == "/page/reserved-powers"
    post(client, "/page/decisions", {"governance.tier": "framework", "action": "save"})
    response = post(client, "/page/management", {"action": "continue"})
    assert response.headers["location"] == "/page/packages"
    # The pain cap only where pain is shared.
    post(client, "/page/regime", {"risk_share.regime": "gain-only", "action": "save"})
    html = client.get("/page/shares").text
    assert re.search(r'id="q-f-risk-share-pain-cap-basis" hidden', html) is None, \
        "an answer already in the file is never hidden"


def test_the_live_save_answers_with_each_questions_warnings(lambeth):
    client, _ = client_for(lambeth)
    response = post(client, "/page/decisions", {"governance.decision_rule": "majority",
                                                "action": "save"},
                    headers={"accept": "application/json"})
    assert response.status_code == 200
    data = response.json()
    assert data["saved"] is True and data["version"]
    live = data["live"]["f-governance-decision-rule"]
    assert 'id="flag-majority-decisions"' in live
    assert "High" in live and "The true-alliance position:" in live
    assert "What the agreement will say" in live and "Decision making" in live
    assert data["live"]["f-governance-tier"].strip() == ""
    assert "decision_rule: majority" in lambeth.read_text()


def test_back_and_the_task_list_are_buttons_that_save_first(lambeth):
    client, _ = client_for(lambeth)
    page = client.get("/page/outcomes").text
    assert '<button class="back-link link-button" form="page-form" name="action" ' \
        'value="back">Back</button>' in page
    assert page.index('value="continue" tabindex="-1"') < page.index('value="back"'), \
        "Enter in a field still means Save and continue"
    response = post(client, "/page/outcomes", {
        "alliance.outcomes.co_produced_with": "The recovery forum", "action": "back"})
    assert response.status_code == 303 and response.headers["location"] == "/page/alliance"
    assert _data(lambeth)["alliance"]["outcomes"]["co_produced_with"] == "The recovery forum"
    response = post(client, "/page/alliance", {"alliance.geography": "", "action": "back"})
    assert response.headers["location"] == "/", "Back from the first page is the task list"
    assert "geography" not in _data(lambeth)["alliance"], "an emptied answer is saved too"
    response = post(client, "/page/party/1", {"parties.1.short_name": "GSTT",
                                               "action": "tasks"})
    assert response.headers["location"] == "/"
    assert _data(lambeth)["parties"][1]["short_name"] == "GSTT"
    response = post(client, "/page/party/1", {"action": "back"})
    assert response.headers["location"] == "/page/parties#f-parties-add"


def test_while_another_section_has_errors_the_clause_says_why_it_is_not_shown(lambeth):
    client, _ = client_for(lambeth)
    post(client, "/page/alliance", {"alliance.name": "", "action": "save"})
    response = post(client, "/page/decisions", {"governance.decision_rule": "majority",
                                                "action": "save"},
                    headers={"accept": "application/json"})
    live = response.json()["live"]["f-governance-decision-rule"]
    assert 'id="flag-majority-decisions"' in live
    assert "clause--pending" in live and "Decision making" not in live
    assert "once the answers are complete enough to draft the agreement" in live
    todo = live[live.index("Still to finish:"):]
    assert '<a href="/page/alliance">About the alliance</a>: in progress, 1 error' in todo
    assert "Governance" not in todo
    page = client.get("/page/decisions").text
    assert "clause--pending" in page and '<a href="/page/alliance">About the alliance</a>' in page
    post(client, "/page/alliance", {"alliance.name": "Lambeth Alliance", "action": "save"})
    page = client.get("/page/decisions").text
    assert "clause--pending" not in page and "Decision making" in page


def test_acknowledging_a_flag_writes_acknowledged_departures(lambeth):
    client, _ = client_for(lambeth)
    post(client, "/page/decisions", {"governance.decision_rule": "majority",
                                     "action": "save"})
    reason = "The parties agreed majority voting for the first year only."
    response = post(client, "/page/decisions", {"ack.majority-decisions": reason,
                                                "action": "ack:majority-decisions"})
    assert response.headers["location"] == "/page/decisions#flag-majority-decisions"
    assert {"id": "majority-decisions", "justification": reason} in _data(lambeth)[
        "acknowledged_departures"]
    html = client.get("/page/decisions").text
    assert "<strong>Acknowledged.</strong> " + reason in html
    report = evaluate_file(lambeth).report
    flag = report.flag(next(f.id for f in report.flags if f.id.value == "majority-decisions"))
    assert flag.acknowledged and flag.justification == reason


def test_a_stale_page_is_refused_with_a_reload_link(lambeth):
    client, _ = client_for(lambeth)
    stale = form_state(client.get("/page/alliance").text)
    post(client, "/page/alliance", {"alliance.short_name": "First tab", "action": "save"})
    saved = lambeth.read_bytes()
    response = client.post("/page/alliance", data={**stale, "alliance.short_name": "Second",
                                                   "action": "continue"},
                           headers={"origin": ORIGIN})
    assert response.status_code == 409
    assert "changed after this page was opened" in response.text
    assert 'href="/page/alliance" id="reload-link"' in response.text
    response = client.post("/page/alliance", data={**stale, "alliance.short_name": "Second",
                                                   "action": "save"},
                           headers={"origin": ORIGIN, "accept": "application/json"})
    assert response.status_code == 409 and "reload-link" in response.json()["conflict"]
    assert lambeth.read_bytes() == saved


def test_review_lists_every_answer_with_a_change_link(lambeth):
    client, _ = client_for(lambeth)
    html = client.get("/review").text
    assert "Check your answers" in html
    assert "London Borough of Lambeth" in html
    assert 'href="/page/decisions#f-governance-decision-rule"' in html
    assert "£10,500,000.00" in html
    assert 'id="download"' in html and 'id="error-summary"' not in html


def test_download_returns_the_same_build_as_the_cli(lambeth):
    from alliancedocs.build import build_documents

    client, _ = client_for(lambeth)
    state = form_state(client.get("/review").text)
    response = client.post("/download", data={"csrf": state["csrf"]},
                           headers={"origin": ORIGIN})
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/zip"
    assert 'filename="lambeth-drafts.zip"' in response.headers["content-disposition"]
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    expected = build_documents(lambeth).files
    assert sorted(archive.namelist()) == sorted(expected)
    for name, data in expected.items():
        assert archive.read(name) == data, name
    agreement = docx.Document(io.BytesIO(archive.read("alliance-agreement.docx")))
    text = "\n".join(p.text for p in agreement.paragraphs)
    assert "Lambeth" in text
    again = client.post("/download", data={"csrf": state["csrf"]}, headers={"origin": ORIGIN})
    assert again.content == response.content, "the zip is deterministic"


def test_download_is_blocked_while_errors_remain(lambeth, tmp_path):
    client, _ = client_for(lambeth)
    post(client, "/page/alliance", {"alliance.name": "", "action": "save"})
    state = form_state(client.get("/review").text)
    response = client.post("/download", data={"csrf": state["csrf"]},
                           headers={"origin": ORIGIN})
    assert response.status_code == 422
    assert "The drafts cannot be built yet" in response.text
    assert 'href="/page/alliance?checked=1#f-alliance-name"' in response.text
    client, _ = client_for(tmp_path / "never-saved.yaml")
    state = form_state(client.get("/review").text)
    response = client.post("/download", data={"csrf": state["csrf"]},
                           headers={"origin": ORIGIN})
    assert response.status_code == 422


def test_unknown_pages_and_items(lambeth):
    client, _ = client_for(lambeth)
    assert client.get("/page/nowhere").status_code == 404
    assert client.get("/page/party/99").status_code == 404
    assert client.get("/page/party").status_code == 404
    assert client.get("/page/party/0/0").status_code == 404
    assert client.get("/page/alliance/0").status_code == 404
    assert post(client, "/page/party/99", {"action": "continue"},
                page="/page/party/0").status_code == 404


def test_a_file_it_cannot_keep_is_shown_not_overwritten(tmp_path):
    path = tmp_path / "dup.yaml"
    path.write_text("alliance:\n  name: a\n  name: b\n")
    client, _ = client_for(path)
    response = client.get("/")
    assert response.status_code == 409
    assert "cannot be edited here" in response.text and "appears twice" in response.text
    assert path.read_text() == "alliance:\n  name: a\n  name: b\n"


def test_static_files_and_the_favicon(lambeth):
    client, _ = client_for(lambeth)
    assert "task-list" in client.get("/static/questionnaire.css").text
    assert "fetch(" in client.get("/static/live.js").text
    assert client.get("/favicon.ico").status_code == 204


def test_a_lower_case_defined_term_is_shown_beside_its_question_and_saved_as_typed(lambeth):
    client, _ = client_for(lambeth)
    typed = "Staff drawn from all three providers, led by the alliance manager."
    response = post(client, "/page/management", {"governance.integrated_team": typed,
                                                  "action": "continue"})
    assert response.status_code == 303
    assert _data(lambeth)["governance"]["integrated_team"] == typed
    html = client.get("/page/management").text
    assert html.count("How this answer will read in the draft") == 2
    assert "“alliance manager” is written in lower case" in html
    assert "write “Alliance Manager”" in html and "write “Providers”" in html
    live = post(client, "/page/management", {"governance.integrated_team": "The providers.",
                                             "action": "save"},
                headers={"accept": "application/json"})
    shown = live.json()["live"]["f-governance-integrated-team"]
    assert "How this answer will read" in shown and "write “Providers”" in shown
    live = post(client, "/page/management", {"governance.integrated_team": "One team.",
                                             "action": "save"},
                headers={"accept": "application/json"})
    assert "How this answer will read" not in "".join(live.json()["live"].values())

"""The questionnaire's web application: routes, pages and the server that runs them.

Routes (every one behind :class:`~.security.Guard`):

- ``GET /start?token=...``: the launch link; sets the session cookie;
- ``GET /``: the task list, with each section's status and counts of errors and flags;
- ``GET /page/<slug>[/<i>[/<j>]]``: one topic; ``POST`` saves it and then continues, adds
  or removes an item of a repeatable group, acknowledges a flag, or goes back (Back and
  "Return to the task list" are buttons that save first, so nothing typed is lost without
  the script); with
  ``Accept: application/json`` it saves and answers with the live warnings (the script);
- ``GET /review``: check your answers;
- ``POST /download``: the drafts as a zip, built as ``alliancedocs build`` builds them;
- ``GET /static/...``: the stylesheet and the script (``/favicon.ico`` is empty).
"""

from __future__ import annotations

import contextlib
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..diagnostics import Diagnostic
from ..errors import AlliancedocsError
from ..flags import FlagId
from . import checking, forms, store, views
from .catalogue import (
    SECTIONS,
    Page,
    choice_label,
    item_page,
    pages,
    questions,
    section_of,
)
from .checking import is_error, is_flag, page_url
from .download import drafts_zip
from .fields import Kind, pattern_of, schema_fields
from .preview import clause_html
from .security import Guard, Keys

MAX_FIELDS = 2000
"""The most form fields one POST may carry."""




class Questionnaire:
    """One questionnaire run: the answers file it edits and the secrets that guard it."""

    def __init__(self, answers: Path, keys: Keys) -> None:
        self.answers = answers
        self.keys = keys
        self.templates = templates()

    def warm_up(self) -> None:
        """Read the clause library, compile the page templates and check the answers file
        now, rather than in the first requests."""
        checking.library()
        for name in self.templates.list_templates():
            self.templates.get_template(name)
        with contextlib.suppress(AlliancedocsError):
            self.context()

    # -- reading -----------------------------------------------------------------------

    def context(self) -> views.Context:
        """Read the answers file and evaluate it with the core."""
        draft = store.read_draft(self.answers)
        return self.context_of(draft)

    def context_of(self, draft: store.Draft) -> views.Context:
        """Evaluate ``draft`` and place each finding at its question."""
        return views.evaluate_draft(draft, str(self.answers))

    def render(self, name: str, status: int = 200, **values: Any) -> HTMLResponse:
        """Return the page template ``name`` rendered with ``values``."""
        html = self.templates.get_template(name).render(
            answers_name=self.answers.name, csrf=self.keys.csrf, **values)
        return HTMLResponse(html, status_code=status)

    # -- the task list -------------------------------------------------------------------

    def task_list(self, request: Request) -> Response:
        """The task list: every section, its status and its counts."""
        ctx = self.context()
        sections = [views.section_status(ctx, section) for section in SECTIONS]
        return self.render("tasks.html", sections=sections,
                           started=ctx.draft.exists, ok=ctx.ok)

    # -- one page ----------------------------------------------------------------------

    def page(self, request: Request) -> Response:
        """Show one topic's questions with its answers, errors and live warnings."""
        page, indexes = self._route(request)
        ctx = self.context()
        if indexes not in checking.instances(ctx.draft, page):
            return self.render("message.html", 404, title="Page not found",
                               text="There is no such page in these answers.")
        removing = request.query_params.get("remove")
        if removing is not None:
            return self._confirm_removal(ctx, page, indexes, removing)
        checked = request.query_params.get("checked") == "1"
        return self._page_response(ctx, page, indexes, checked=checked)

    def _confirm_removal(self, ctx: views.Context, page: Page, indexes: tuple[int, ...],
                         removing: str) -> Response:
        """Ask before an item of a repeatable group is removed (nothing changes here)."""
        path = forms.parse_path(removing)
        groups = {forms.concrete(q.pattern, indexes): q for q in page.questions
                  if q.spec.kind is Kind.group}
        if path is None or path[:-1] not in groups or not isinstance(path[-1], int):
            raise _NotFound
        entry = ctx.draft.get(path)
        if entry is store.MISSING:
            raise _NotFound
        child = item_page(groups[path[:-1]].pattern)
        title = views.item_title(child, entry, views.party_names(ctx.draft)) or \
            f"{child.item_name} {path[-1] + 1}"
        return self.render("remove.html", title=f"Remove {title}?",
                           item_name=child.item_name, url=page_url(page, indexes),
                           action=f"remove:{forms.field_name(path)}",
                           version=ctx.draft.version,
                           back=page_url(page, indexes) + "#" + forms.field_id(path[:-1])
                           + "-add")

    def _page_response(self, ctx: views.Context, page: Page, indexes: tuple[int, ...], *,
                       checked: bool) -> Response:
        asked = views.asked_questions(ctx, page, indexes, checked=checked)
        shown_errors = [(a, d) for a in asked if a.shown for d in a.errors]
        loose = views.loose(ctx, page, indexes, asked)
        clauses = self._clauses(ctx, [d for a in asked for d in a.flags] + loose)
        return self.render(
            "page.html", page=page, section=section_of(page), asked=asked,
            url=page_url(page, indexes), version=ctx.draft.version, errors=shown_errors,
            loose=loose, clauses=clauses, pending=views.still_to_finish(ctx),
            heading=views.heading(ctx.draft, page, indexes))

    def _clauses(self, ctx: views.Context, flags: list[Diagnostic]) -> dict[str, Markup]:
        wanted = {d.clause for d in flags if d.clause}
        if not wanted:
            return {}
        composed = checking.composition(ctx.draft.text, str(self.answers))
        if composed is None:
            return {}
        found = {}
        for clause in sorted(wanted):
            html = clause_html(composed.documents, clause)
            if html is not None:
                found[clause] = html
        return found

    # -- saving --------------------------------------------------------------------------

    async def save(self, request: Request) -> Response:
        """Save a posted page, then do what its button asked."""
        page, indexes = self._route(request)
        form = await request.form(max_files=0, max_fields=MAX_FIELDS)
        wants_json = "application/json" in request.headers.get("accept", "")
        if not self.keys.csrf_ok(form.get("csrf")):
            return self._refused(wants_json, 403, "This form has expired. Reload the page and "
                                 "try again.")
        return await run_in_threadpool(self._save, page, indexes, form, wants_json)

    def _save(self, page: Page, indexes: tuple[int, ...], form: Any,
              wants_json: bool) -> Response:
        draft = store.read_draft(self.answers)
        if indexes not in checking.instances(draft, page):
            return self._refused(wants_json, 404, "There is no such page in these answers.")
        action = str(form.get("action", "continue"))
        posted = forms.read_page(page, indexes, form, form.getlist)
        defaults = {path: schema_fields()[pattern_of(path)].default for path in posted}
        changed = forms.changes(draft, posted, defaults)
        expected = str(form.get("version", ""))
        structural = action.split(":", 1)[0] in ("add", "remove", "ack")
        if structural:
            for path, value in changed.items():
                store.set_answer(draft.doc, path, value)
        target = self._act(draft, page, indexes, action, form)
        if target is None:
            return self._refused(wants_json, 400, "That button does not belong to this page.")
        written = bool(changed) or structural
        try:
            if structural:
                draft = store.save_draft(draft, expected)
            elif changed:
                draft = store.save_changes(draft, changed, expected)
        except store.Conflict as conflict:
            return self._conflict(page, indexes, str(conflict), wants_json)
        ctx = self.context_of(draft)
        if wants_json:
            return self._live(ctx, page, indexes, draft.version if written else expected)
        if action == "continue":
            asked = views.asked_questions(ctx, page, indexes, checked=True)
            if any(a.errors for a in asked if a.shown):
                return RedirectResponse(page_url(page, indexes) + "?checked=1#error-summary",
                                        303)
            target = views.next_url(draft, page, indexes)
        return RedirectResponse(target, 303)

    def _act(self, draft: store.Draft, page: Page, indexes: tuple[int, ...], action: str,
             form: Any) -> str | None:
        """Carry out a button's action on the draft; return where to go next."""
        verb, _, argument = action.partition(":")
        here = page_url(page, indexes)
        groups = {forms.concrete(q.pattern, indexes): q for q in page.questions
                  if q.spec.kind is Kind.group}
        if verb in ("continue", "save"):
            return here
        if verb == "back":
            return views.back_url(page, indexes)
        if verb == "tasks":
            return "/"
        if verb == "add":
            path = forms.parse_path(argument)
            if path is None or path not in groups:
                return None
            index = store.append_item(draft.doc, path)
            child = item_page(groups[path].pattern)
            return page_url(child, (*indexes, index))
        if verb == "remove":
            path = forms.parse_path(argument)
            if path is None or path[:-1] not in groups or not isinstance(path[-1], int):
                return None
            store.remove_item(draft.doc, path)
            return here + "#" + forms.field_id(path[:-1]) + "-add"
        if verb == "ack":
            if argument not in {str(f) for f in FlagId}:
                return None
            written = [str(v).strip() for v in form.getlist(f"ack.{argument}")]
            justification = next((v for v in written if v), "")
            self._acknowledge(draft, argument, justification)
            return here + "#flag-" + argument
        return None

    def _acknowledge(self, draft: store.Draft, flag: str, justification: str) -> None:
        """Write ``acknowledged_departures`` for ``flag``, as the command line reads it."""
        existing = draft.get(("acknowledged_departures",))
        entries = existing if isinstance(existing, list) else []
        for index, entry in enumerate(entries):
            if isinstance(entry, dict) and entry.get("id") == flag:
                store.set_answer(draft.doc, ("acknowledged_departures", index,
                                             "justification"), justification or store.MISSING)
                return
        index = store.append_item(draft.doc, ("acknowledged_departures",))
        store.set_answer(draft.doc, ("acknowledged_departures", index, "id"), flag)
        if justification:
            store.set_answer(draft.doc, ("acknowledged_departures", index, "justification"),
                             justification)

    def _live(self, ctx: views.Context, page: Page, indexes: tuple[int, ...],
              version: str) -> Response:
        """The script's answer to a change: the new version and each question's warnings."""
        asked = views.asked_questions(ctx, page, indexes, checked=False)
        flags = [d for a in asked for d in a.flags]
        clauses = self._clauses(ctx, flags)
        template = self.templates.get_template("live.html")
        pending = views.still_to_finish(ctx)
        live = {a.id: template.render(asked=a, clauses=clauses, pending=pending)
                for a in asked if a.spec.kind is not Kind.group}
        return JSONResponse({"saved": True, "version": version, "live": live})

    def _conflict(self, page: Page, indexes: tuple[int, ...], text: str,
                  wants_json: bool) -> Response:
        url = page_url(page, indexes)
        if wants_json:
            html = self.templates.get_template("conflict.html").render(text=text, url=url)
            return JSONResponse({"saved": False, "conflict": html}, status_code=409)
        return self.render("message.html", 409, title="Your changes were not saved",
                           text=text, link=url, link_text="Reload this page to see the "
                           "latest answers")

    def _refused(self, wants_json: bool, status: int, text: str) -> Response:
        if wants_json:
            return JSONResponse({"saved": False, "error": text}, status_code=status)
        return self.render("message.html", status, title="That did not work", text=text,
                           link="/", link_text="Go to the task list")

    # -- review and download ------------------------------------------------------------

    def review(self, request: Request) -> Response:
        """Check your answers: every answer by section, then the errors and the flags."""
        return self._review(self.context())

    def _review(self, ctx: views.Context, status: int = 200, blocked: bool = False) -> Response:
        names = views.party_names(ctx.draft)
        sections = []
        for section in SECTIONS:
            groups = []
            for page in section.pages:
                for indexes in checking.instances(ctx.draft, page):
                    if not views.page_shown(ctx.draft, page, indexes):
                        continue
                    rows = [{
                        "question": a.question.label,
                        "value": forms.human(a.spec, ctx.draft.get(a.path), names),
                        "url": page_url(page, indexes) + "#" + a.id,
                        "errors": len(a.errors), "flags": len(a.flags)}
                        for a in views.asked_questions(ctx, page, indexes, checked=True)
                        if a.spec.kind is not Kind.group and a.shown]
                    if rows:
                        groups.append((views.heading(ctx.draft, page, indexes), rows))
            sections.append((section, groups))
        errors = [(d, ctx.place_of(d)) for d in ctx.diagnostics if is_error(d)]
        flags = [(d, ctx.place_of(d)) for d in ctx.diagnostics if is_flag(d)]
        return self.render("review.html", status, sections=sections, errors=errors,
                           flags=views.one_per_code(flags), others=ctx.others, blocked=blocked,
                           ok=ctx.ok and ctx.draft.exists)

    async def download(self, request: Request) -> Response:
        """Build the drafts as ``alliancedocs build`` does and return them as a zip."""
        form = await request.form(max_files=0, max_fields=10)
        if not self.keys.csrf_ok(form.get("csrf")):
            return self._refused(False, 403, "This form has expired. Reload the page and try "
                                 "again.")
        return await run_in_threadpool(self._download)

    def _download(self) -> Response:
        ctx = self.context()
        if not ctx.ok or not ctx.draft.exists:
            return self._review(ctx, status=422, blocked=True)
        try:
            data, name = drafts_zip(self.answers)
        except AlliancedocsError as error:
            return self.render("message.html", 422, title="The drafts could not be built",
                               text=str(error), link="/review", link_text="Back to review")
        return Response(data, media_type="application/zip", headers={
            "content-disposition": f"attachment; filename=\"{name}\"; "
                                   f"filename*=UTF-8''{quote(name)}"})

    # -- plumbing ------------------------------------------------------------------------

    def _route(self, request: Request) -> tuple[Page, tuple[int, ...]]:
        slug = request.path_params["slug"]
        rest = request.path_params.get("indexes", "")
        page = pages().get(slug)
        if page is None or not re.fullmatch(r"(\d{1,4}(/\d{1,4})*)?", rest):
            raise _NotFound
        indexes = tuple(int(i) for i in rest.split("/") if i)
        expected = page.item.count("[]") + 1 if page.item is not None else 0
        if len(indexes) != expected:
            raise _NotFound
        return page, indexes

    def app(self) -> Starlette:
        """Return the ASGI application, guarded."""
        static = str(resources.files("alliancedocs.questionnaire").joinpath("static"))
        routes = [
            Route("/", self.task_list),
            Route("/page/{slug}", self.page),
            Route("/page/{slug}", self.save, methods=["POST"]),
            Route("/page/{slug}/{indexes:path}", self.page),
            Route("/page/{slug}/{indexes:path}", self.save, methods=["POST"]),
            Route("/review", self.review),
            Route("/download", self.download, methods=["POST"]),
            Route("/favicon.ico", lambda request: Response(status_code=204)),
            Mount("/static", StaticFiles(directory=static), name="static"),
        ]
        handlers: dict[Any, Any] = {
            _NotFound: self._not_found,
            store.Unreadable: self._unreadable,
            404: self._not_found,
            405: self._method,
        }
        app = Starlette(routes=routes, exception_handlers=handlers)
        return Guard(app, self.keys)  # type: ignore[return-value]

    def _not_found(self, request: Request, exc: Exception) -> Response:
        return self.render("message.html", 404, title="Page not found",
                           text="There is no such page in the questionnaire.",
                           link="/", link_text="Go to the task list")

    def _method(self, request: Request, exc: Exception) -> Response:
        return self.render("message.html", 405, title="Not allowed",
                           text="Pages here change only through their own forms.",
                           link="/", link_text="Go to the task list")

    def _unreadable(self, request: Request, exc: Exception) -> Response:
        return self.render("message.html", 409, title="The answers file cannot be edited here",
                           text=f"{exc}\nFix it in an editor, then reload this page.",
                           link=str(request.url.path), link_text="Reload")


class _NotFound(Exception):
    """A page address that names no page."""


@cache
def templates() -> Environment:
    """Return the page templates, compiled once per process: they ship with the package and
    do not change while it runs, so they are never checked for changes on disk."""
    environment = Environment(
        loader=PackageLoader("alliancedocs.questionnaire", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, auto_reload=False)
    environment.globals.update(choice_label=choice_label, Kind=Kind,
                               severity_label=_severity_label,
                               drafts_a_clause=checking.drafts_a_clause)
    environment.globals["item_names"] = {
        q.pattern: item_page(q.pattern).item_name for q in questions().values()
        if q.spec.kind is Kind.group}
    environment.filters["code"] = _code
    return environment






def _severity_label(severity: str) -> str:
    return {"critical": "Critical", "high": "High", "medium": "Medium", "low": "Low",
            "info": "Information", "error": "Error"}.get(severity, severity.capitalize())


def _code(text: str) -> Markup:
    """Escape ``text``, then show `backticked` parts as code."""
    escaped = str(Markup.escape(text))
    return Markup(re.sub(r"`([^`]+)`", r"<code>\1</code>", escaped))

"""The handlers of ``serve``'s routes: pages, saving (a form or the page's autosave), downloads.

One class of about 320 lines: the handlers share one store, bank and CSRF token, and the
section page, its save and its autosave answer build on the same view of the answers.
"""

from __future__ import annotations

import hmac
import re
from typing import Any

from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from rcr_checklist.errors import InputError
from rcr_checklist.files.lock import AnswersLocked
from rcr_checklist.limits import MAX_TEXT
from rcr_checklist.model.answers import AnswersFile
from rcr_checklist.model.scoring import Assessment, score
from rcr_checklist.questionnaire.flow import Flow
from rcr_checklist.serve.config import (
    CONFLICT,
    DOWNLOADS,
    LOCKED,
    MAX_FORM_BYTES,
    STATIC,
    ServeConfig,
    page_env,
)
from rcr_checklist.serve.forms import PageResult, clean_text, read_fields, read_questions
from rcr_checklist.serve.pages import (
    ABOUT,
    FINISH,
    field_views,
    question_views,
    resume_section,
    section_questions,
    sections,
)
from rcr_checklist.serve.security import csrf_token, same_origin

__all__ = ["Views"]


class Views:
    """The route handlers of one ``serve`` session (see ``serve.app.create_app``)."""

    def __init__(self, config: ServeConfig) -> None:
        self.config = config
        self.store = config.store
        self.bank = config.store.bank
        self.csrf = csrf_token(config.token)

    # ------------------------------------------------------------------ helpers

    def _page(self, template: str, status: int = 200, **ctx: Any) -> HTMLResponse:
        ctx.setdefault("csrf", self.csrf)
        ctx.setdefault("bank", self.bank)
        ctx.setdefault("file_name", self.store.path.name)
        html = page_env().get_template(template).render(**ctx)
        return HTMLResponse(html, status_code=status)

    def _common(self, answers: AnswersFile, current: str) -> dict[str, Any]:
        flow = Flow(self.bank, answers)
        assessment = score(self.bank, answers)
        all_sections = sections(flow)
        return {
            "answers": answers,
            "flow": flow,
            "a": assessment,
            "sections": all_sections,
            "current": current,
            "section": next((s for s in all_sections if s.id == current), None),
            "warnings": self.store.warnings,
        }

    async def _form(self, request: Request) -> FormData:
        """The submitted form, within the size limits, from our own page (CSRF checked)."""
        length = request.headers.get("content-length", "")
        if not length.isdigit():
            raise HTTPException(411, "A form must say its length.")
        if int(length) > MAX_FORM_BYTES:
            raise HTTPException(413, "The form is larger than any answers file may be.")
        form = await request.form(max_files=0, max_fields=10_000, max_part_size=4 * MAX_TEXT)
        given = form.get("csrf")
        if (
            not isinstance(given, str)
            or not hmac.compare_digest(given.encode(), self.csrf.encode())
            or not same_origin(request, self.config.port)
        ):
            raise HTTPException(403, "Refused: the form did not come from this page.")
        return form

    async def _answers(self) -> AnswersFile | None:
        if not self.store.exists():
            return None
        return await run_in_threadpool(self.store.current)

    async def unreadable(self, request: Request, exc: Exception) -> Response:
        """The answers file on disk cannot be used (changed by hand, say): say so, write nothing."""
        return self._page("error.html.j2", 400, problems=str(exc).splitlines())

    # ------------------------------------------------------------------ routes

    async def home(self, request: Request) -> Response:
        """Go where the answers stop: the first open section, or the finish page."""
        answers = await self._answers()
        if answers is None:
            return RedirectResponse("/start", 303)
        target = resume_section(Flow(self.bank, answers))
        return RedirectResponse("/finish" if target == FINISH else f"/section/{target}", 303)

    async def static(self, request: Request) -> Response:
        """Serve one of the vendored files named in ``STATIC``."""
        name = request.path_params["name"]
        if name not in STATIC:
            raise HTTPException(404)
        response = Response(self.config.static[name], media_type=STATIC[name])
        return response

    async def start(self, request: Request) -> Response:
        """Ask for the product's name and the profile, and create the answers file."""
        if self.store.exists():
            return RedirectResponse("/", 303)
        ctx: dict[str, Any] = {"name": "", "profile": self.config.profile, "error": ""}
        if request.method == "POST":
            form = await self._form(request)
            ctx["name"] = clean_text(form.get("product:name"))
            profile = clean_text(form.get("profile"))
            ctx["profile"] = profile if profile in self.bank.meta.profiles else ctx["profile"]
            if not ctx["name"]:
                ctx["error"] = "Enter the product's name."
            elif len(ctx["name"]) > 200:
                ctx["error"] = "The product's name is at most 200 characters."
            else:
                try:
                    await run_in_threadpool(self.store.create, ctx["name"], ctx["profile"])
                except AnswersLocked:
                    ctx["error"] = LOCKED
                except (InputError, ValidationError) as exc:
                    ctx["error"] = str(exc)
                else:
                    return RedirectResponse(f"/section/{ABOUT}", 303)
        return self._page("start.html.j2", 400 if ctx["error"] else 200, **ctx)

    async def finish(self, request: Request) -> Response:
        """Show the score, the open questions and the answers not counted."""
        answers = await self._answers()
        if answers is None:
            return RedirectResponse("/start", 303)
        ctx = self._common(answers, FINISH)
        open_questions = [
            (self.bank.by_id[q.id], self.bank.principle_of[q.id].id)
            for q in ctx["flow"].unanswered()
        ]
        visible = {q.id for q in ctx["flow"].questions}
        hidden = [  # kept in the file, never dropped silently, but not counted
            (qid, self.bank.by_id[qid].text if qid in self.bank.by_id else "")
            for qid, answer in answers.answers.items()
            if qid not in visible and answer.value is not None
        ]
        return self._page("finish.html.j2", open_questions=open_questions, hidden=hidden, **ctx)

    async def download(self, request: Request) -> Response:
        """Render the report in a format of ``DOWNLOADS`` and send it as a download."""
        fmt = request.path_params["fmt"]
        if fmt not in DOWNLOADS:
            raise HTTPException(404)
        answers = await self._answers()
        if answers is None:
            return RedirectResponse("/start", 303)
        content = await run_in_threadpool(_render, self.bank, score(self.bank, answers), fmt)
        stem = re.sub(r"[^A-Za-z0-9._-]+", "-", self.store.path.stem).strip("-.") or "report"
        return Response(
            content,
            media_type=DOWNLOADS[fmt],
            headers={"Content-Disposition": f'attachment; filename="{stem}.{fmt}"'},
        )

    async def section(self, request: Request) -> Response:
        """Show a section's questions, or save its form (a post or the page's autosave)."""
        sid = request.path_params["sid"]
        answers = await self._answers()
        if answers is None:
            return RedirectResponse("/start", 303)
        if sid != ABOUT and not section_questions(self.bank, answers, sid):
            raise HTTPException(404)
        if request.method == "GET":
            return self._section_page(answers, sid)
        form = await self._form(request)
        holder: list[PageResult] = []

        def edit(current: AnswersFile) -> AnswersFile:
            if sid == ABOUT:
                result = read_fields(current, form)
            else:
                questions = section_questions(self.bank, current, sid)
                result = read_questions(self.bank, current, form, questions)
            holder.append(result)
            return result.answers

        locked = False
        try:
            answers = await run_in_threadpool(self.store.change, edit)
        except AnswersLocked:
            locked = True
            answers = await run_in_threadpool(self.store.current)
        result = holder[0] if holder else PageResult(answers)
        errors = dict(result.errors)
        for key in result.conflicts:
            errors[key if ":" in key else f"{key}:value"] = CONFLICT
        if request.headers.get("x-autosave") == "1":
            return self._autosave(answers, sid, errors, locked, result)
        if errors or locked:
            return self._section_page(
                answers, sid, form=form, errors=errors, message=LOCKED if locked else ""
            )
        return RedirectResponse(self._after(answers, sid, form.get("action")), 303)

    # ------------------------------------------------------------------ section pages

    def _after(self, answers: AnswersFile, sid: str, action: Any) -> str:
        """Where a successful submission goes: the next or previous page, or back here."""
        order = [s.id for s in sections(Flow(self.bank, answers))]
        here = order.index(sid) if sid in order else 0
        if action == "next":
            target = order[min(here + 1, len(order) - 1)]
        elif action == "prev":
            target = order[max(here - 1, 0)]
        else:
            target = sid
        path = "/finish" if target == FINISH else f"/section/{target}"
        if isinstance(action, str) and action.startswith(("add:", "remove:")):
            qid = action.split(":")[1]
            path += "#q-" + qid.replace(".", "-")
        return path

    def _section_page(
        self,
        answers: AnswersFile,
        sid: str,
        form: FormData | None = None,
        errors: dict[str, str] | None = None,
        message: str = "",
    ) -> HTMLResponse:
        ctx = self._common(answers, sid)
        errors = errors or {}
        status = 409 if message else 400 if errors else 200
        if sid == ABOUT:
            return self._page(
                "about.html.j2",
                status,
                fields=field_views(answers, form if errors or message else None),
                errors=errors,
                message=message,
                **ctx,
            )
        questions = question_views(
            ctx["flow"], section_questions(self.bank, answers, sid), form, errors, bool(message)
        )
        return self._page(
            "section.html.j2",
            status,
            questions=questions,
            principle=self.bank.principles[[p.id for p in self.bank.principles].index(sid)],
            errors=errors,
            message=message,
            **ctx,
        )

    def _autosave(
        self,
        answers: AnswersFile,
        sid: str,
        errors: dict[str, str],
        locked: bool,
        result: PageResult,
    ) -> JSONResponse:
        """What the page's script needs after a save: visibility, digests, errors, panels."""
        ctx = self._common(answers, sid)
        env = page_env()
        if sid == ABOUT:
            was = {f"{f.key}:was": f.was for f in field_views(answers)}
            visible: list[str] = []
            evidence: dict[str, int] = {}
        else:
            views = question_views(ctx["flow"], section_questions(self.bank, answers, sid))
            was = {f"{v.q.id}:was": v.was for v in views if f"{v.q.id}:value" not in errors}
            visible = [v.q.id for v in views if v.visible]
            evidence = {v.q.id: len(v.evidence) for v in views}
        by_element: dict[str, list[str]] = {}
        for key, message in errors.items():
            owner = key.split(":", 1)[0] if sid != ABOUT else key.replace(":", "-")
            element = f"q-{owner.replace('.', '-')}-error" if sid != ABOUT else f"f-{owner}-error"
            by_element.setdefault(element, []).append(message)
        if locked:
            status = LOCKED
        elif errors:
            status = "Some answers were not saved: see the messages on the page."
        else:
            status = "All changes saved." if result.changed else "Nothing to save."
        return JSONResponse(
            {
                "saved": result.changed and not locked,
                "status": status,
                "visible": visible,
                "was": was,
                "errors": {k: " ".join(v) for k, v in by_element.items()},
                "evidence": evidence,
                "score": env.get_template("score.html.j2").render(**ctx),
                "nav": env.get_template("nav.html.j2").render(**ctx),
                "progress": env.get_template("progress.html.j2").render(**ctx).strip(),
            }
        )


def _render(bank: Any, assessment: Assessment, fmt: str) -> str | bytes:
    from rcr_checklist.formats import AssessmentDoc, OutputFormat, get_format

    return get_format(OutputFormat(fmt)).assessment(AssessmentDoc(bank, assessment))

"""Server-rendered pages: the Jinja environment (autoescaping everything) and `render`."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from markupsafe import Markup

from casetrail import __version__
from casetrail.domain import PartialDate
from casetrail.present.web.auth import CSRF_FIELD, ROLE_RANK, Credentials

HERE = Path(__file__).parent
templates = Jinja2Templates(directory=HERE / "templates")
# Document text is hostile input: nothing a page shows may turn into markup.
templates.env.autoescape = True


def _date(value: PartialDate | None, unknown: str = "date unknown") -> str:
    return str(value) if value is not None else unknown


@cache
def _options(codes: tuple[str, ...]) -> Markup:
    return Markup("").join(
        Markup('<option value="{}">{}</option>').format(code, code.replace("_", " "))
        for code in codes
    )


def options(codes: Iterable[str]) -> Markup:
    """The `<option>`s of a vocabulary's codes ("ill_treated" shown "ill treated"): the same
    few dozen for every review form of a page, made once."""
    return _options(tuple(codes))


templates.env.filters["date"] = _date
templates.env.filters["options"] = options


def compile_templates() -> None:
    """Compile every page's template now (half a second in all), not during the first request
    of each page in each server process."""
    for name in templates.env.list_templates():
        templates.env.get_template(name)


def credentials_of(request: Request) -> Credentials | None:
    return getattr(request.state, "credentials", None)


def can(request: Request, role: str) -> bool:
    credentials = credentials_of(request)
    return credentials is not None and ROLE_RANK[credentials.user.role] >= ROLE_RANK[role]


def render(request: Request, template: str, status_code: int = 200, **context: Any) -> HTMLResponse:
    credentials = credentials_of(request)
    context.update(
        user=credentials.user if credentials else None,
        csrf_field=CSRF_FIELD,
        csrf_token=credentials.session.csrf_token if credentials else "",
        can_edit=can(request, "editor"),
        is_admin=can(request, "admin"),
        version=__version__,
    )
    return templates.TemplateResponse(request, template, context, status_code=status_code)

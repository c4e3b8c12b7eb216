"""Bounded parameter types for routes: ids a 64-bit column holds, page numbers a query can skip
to. FastAPI refuses anything outside with a 422 page before the route runs (issue 19: a 20-digit
id used to reach SQLite and end in a 500)."""

from __future__ import annotations

from typing import Annotated

from fastapi import Form, Path, Query

from altruist.validate import MAX_PAGE, MAX_ROW_ID

RowId = Annotated[int, Path(ge=1, le=MAX_ROW_ID)]
FormRowId = Annotated[int, Form(ge=1, le=MAX_ROW_ID)]
PageNumber = Annotated[int, Query(ge=1, le=MAX_PAGE)]

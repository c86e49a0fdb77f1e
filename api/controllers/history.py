from __future__ import annotations

from litestar import Controller, Request, Response, get, post

from api.auth import Caller
from api.deps import creator_in_scope, require_creator
from api.docs import KEY_REQUIRED
from api.errors import NotFound, Unprocessable
from api.jobs import JobManager
from api.schemas import JobState, error_responses
from training.importers import FORMATS, HistoryImportError, check_timezone


class HistoryController(Controller):
    tags = ["history"]
    security = KEY_REQUIRED

    @post(
        "/v1/creators/{creator_id:str}/history",
        operation_id="uploadHistory",
        status_code=202,
        summary="Upload a history (CSV, JSON Lines or TikTok JSON) and train in the background",
        description="Send the file as the raw body or as a multipart file; `format` names it when detection is "
        "not enough. `timezone` (an IANA name such as Asia/Ho_Chi_Minh, as a query parameter or a multipart "
        "field) is the creator's clock: hours and days are read on it and the model keeps it; without one, "
        "times stay as the file gives them and insights and plans say they are UTC. The job's report lists every "
        "rejected row with its row number, column and reason, and how numeric dates were read.",
        responses=error_responses(400, 401, 403, 413, 422, 429),
    )
    async def upload(
        self,
        creator_id: str,
        request: Request,
        caller: Caller,
        jobs: JobManager,
        format: str = "auto",
        timezone: str | None = None,
    ) -> Response[JobState]:
        creator_id = creator_in_scope(creator_id, caller)
        if format not in FORMATS:
            raise Unprocessable(f"unknown format {format!r}; use one of {', '.join(FORMATS)}")
        if request.headers.get("content-type", "").startswith("multipart/form-data"):
            form = await request.form()
            files = [v for v in form.values() if hasattr(v, "read")]
            if not files:
                raise Unprocessable("the multipart body holds no file")
            data = await files[0].read()
            field = form.get("timezone")
            timezone = field if isinstance(field, str) and field.strip() else timezone
        else:
            data = await request.body()
        if not data.strip():
            raise Unprocessable("the history is empty")
        try:
            timezone = check_timezone(timezone)
        except HistoryImportError as exc:
            raise Unprocessable(str(exc)) from None
        job = jobs.submit(creator_id, data, format, timezone)
        return Response(job, status_code=202, headers={"Location": f"/v1/jobs/{job.job_id}"})

    @get(
        "/v1/jobs/{job_id:str}",
        sync_to_thread=False,
        operation_id="getJob",
        summary="A training job's state and report",
        responses=error_responses(401, 403, 404, 429),
    )
    def job(self, job_id: str, caller: Caller, jobs: JobManager) -> JobState:
        job = jobs.get(job_id)
        if job is None:
            raise NotFound(f"no job {job_id!r}")
        require_creator(caller, job.creator_id)
        return job

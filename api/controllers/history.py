from __future__ import annotations

from litestar import Controller, Request, Response, get, post

from api.auth import Caller
from api.deps import creator_in_scope, require_creator
from api.docs import KEY_REQUIRED
from api.errors import NotFound, Unprocessable
from api.jobs import JobManager
from api.schemas import JobState, error_responses
from training.importers import FORMATS


class HistoryController(Controller):
    tags = ["history"]
    security = KEY_REQUIRED

    @post(
        "/v1/creators/{creator_id:str}/history",
        operation_id="uploadHistory",
        status_code=202,
        summary="Upload a history (CSV, JSON Lines or TikTok JSON) and train in the background",
        description="Send the file as the raw body or as a multipart file; `format` names it when detection is "
        "not enough. The job's report lists every rejected row with its row number, column and reason.",
        responses=error_responses(400, 401, 403, 413, 422, 429),
    )
    async def upload(
        self, creator_id: str, request: Request, caller: Caller, jobs: JobManager, format: str = "auto"
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
        else:
            data = await request.body()
        if not data.strip():
            raise Unprocessable("the history is empty")
        job = jobs.submit(creator_id, data, format)
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

"""One place where errors become HTTP: a status, a stable code and a clear JSON message.

Nothing here ever returns a stack trace or exception text from inside the domain to a client.
"""

from __future__ import annotations

import logging

from litestar import MediaType, Request, Response
from litestar.exceptions import HTTPException, NotFoundException, ValidationException

from api.batch_rows import CAPTION_TOO_LONG, readable
from models.fit.creator_model import HistoryTooShort
from models.fit.store import ModelFileError, ModelNotFound
from training.importers import HistoryImportError

log = logging.getLogger("saveworthy.api")


class ApiError(Exception):
    status = 400
    code = "bad_request"

    def __init__(self, message: str, *, headers: dict[str, str] | None = None, details: object = None):
        super().__init__(message)
        self.message = message
        self.headers = headers or {}
        self.details = details


class Unauthorized(ApiError):
    status, code = 401, "unauthorized"


class Forbidden(ApiError):
    status, code = 403, "forbidden"


class NotFound(ApiError):
    status, code = 404, "not_found"


class TooLarge(ApiError):
    status, code = 413, "too_large"


class Unprocessable(ApiError):
    status, code = 422, "invalid"


class UnsupportedMediaType(ApiError):
    status, code = 415, "unsupported_media_type"


class Unavailable(ApiError):
    status, code = 503, "unavailable"


def error_response(status: int, code: str, message: str, details: object = None, headers=None) -> Response:
    body = {"error": {"status": status, "code": code, "message": message}}
    if details is not None:
        body["error"]["details"] = details
    return Response(body, status_code=status, media_type=MediaType.JSON, headers=headers or {})


def _api_error(_: Request, exc: ApiError) -> Response:
    return error_response(exc.status, exc.code, exc.message, exc.details, exc.headers)


def _not_found_model(request: Request, exc: ModelNotFound) -> Response:
    creator = request.path_params.get("creator_id", str(exc))
    return error_response(
        404,
        "unknown_creator",
        f"no trained model for creator {creator!r}. Train one by uploading a history "
        f"(POST /v1/creators/{creator}/history) or with `saveworthy train HISTORY --creator {creator}`.",
    )


def _model_file(_: Request, exc: ModelFileError) -> Response:
    log.error("model file unusable: %s", exc)
    return error_response(503, "model_unavailable", "this creator's model file cannot be loaded; retrain the creator")


def _validation(_: Request, exc: ValidationException) -> Response:
    detail = str(exc.detail or "")
    malformed = "malformed" in detail.lower() or ("json" in detail.lower() and "decode" in detail.lower())
    status = 400 if malformed else 422
    extra = exc.extra
    if isinstance(extra, list):  # Litestar's per-field list: msgspec's wording, or the product's where clearer
        extra = [_clearer(item) for item in extra]
        if any(item.get("message") == CAPTION_TOO_LONG for item in extra if isinstance(item, dict)):
            detail = CAPTION_TOO_LONG
    return error_response(status, "malformed" if malformed else "invalid", detail or "invalid request", extra)


def _clearer(item: object) -> object:
    if not isinstance(item, dict) or not isinstance(item.get("message"), str):
        return item
    field = str(item.get("key") or "").rsplit(".", 1)[-1]
    return {**item, "message": readable(item["message"], field)}


def _http(_: Request, exc: HTTPException) -> Response:
    status = exc.status_code
    codes = {
        400: "bad_request",
        401: "unauthorized",
        403: "forbidden",
        404: "not_found",
        405: "method_not_allowed",
        413: "too_large",
        415: "unsupported_media_type",
        429: "rate_limited",
    }
    message = str(exc.detail) if exc.detail else "error"
    headers = dict(getattr(exc, "headers", None) or {})
    if status == 413:
        message = "request body too large"
    if status == 429:  # Litestar's rate limiter says when the window resets; clients read Retry-After
        message = "rate limit reached; retry later"
        headers["Retry-After"] = str(max(1, int(headers.get("RateLimit-Reset", "1") or 1)))
    return error_response(status, codes.get(status, "error"), message, headers=headers)


def _domain_value(_: Request, exc: ValueError) -> Response:
    if isinstance(exc, HistoryTooShort | HistoryImportError):
        return error_response(422, "invalid_history", str(exc))
    log.exception("unhandled ValueError")
    return error_response(500, "internal", "internal error; the request was not processed")


def _internal(_: Request, exc: Exception) -> Response:
    log.exception("unhandled error: %s", type(exc).__name__)
    return error_response(500, "internal", "internal error; the request was not processed")


EXCEPTION_HANDLERS = {
    ApiError: _api_error,
    ModelNotFound: _not_found_model,
    ModelFileError: _model_file,
    ValidationException: _validation,
    NotFoundException: _http,
    HTTPException: _http,
    ValueError: _domain_value,
    Exception: _internal,
}

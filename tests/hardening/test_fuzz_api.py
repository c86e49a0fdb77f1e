"""Schemathesis against the OpenAPI document, on the real server: no 5xx, responses match the schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings

from bench.local_server import running_server
from training.sample_data import generate_history
from training.steps import train_creator

KEY = {"X-API-Key": "fuzz-key"}


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    models = tmp_path_factory.mktemp("fuzz") / "models"
    train_creator(generate_history(60, seed=6, creator_id="fuzz"), "fuzz", models)
    with running_server(models, keys="fuzz-key:*", env={"SAVEWORTHY_RATE_LIMIT": "0"}) as (base, _):
        yield base


CHECKS = [schemathesis.checks.not_a_server_error, schemathesis.checks.response_schema_conformance]


def _fuzz(operation, examples: int):
    """A Hypothesis test for one operation (a factory, so each binds its own operation)."""

    @given(case=operation.as_strategy())
    @settings(max_examples=examples, deadline=None, suppress_health_check=list(HealthCheck), database=None)
    def run(case):
        if operation.path.endswith("/history"):
            case.path_parameters = {**(case.path_parameters or {}), "creator_id": "fuzz"}
        response = case.call(headers=KEY)
        case.validate_response(response, checks=CHECKS)

    return run


def test_every_operation_never_5xx_and_matches_schema(base_url):
    schema = schemathesis.openapi.from_url(f"{base_url}/schema/openapi.json")
    operations = [result.ok() for result in schema.get_all_operations()]
    assert len(operations) >= 8
    for operation in operations:
        # Uploads start real training processes: fuzz their parsing on the one creator.
        _fuzz(operation, 10 if operation.path.endswith("/history") else 40)()

"""The web fixtures of tests/web, for the validation tests that go through the web."""

from tests.web.conftest import demo_client  # noqa: F401

"""The Lambda handler the SAM stack deploys (app/main.py), called as API Gateway's HTTP API would call it."""
from app import main


def test_answers_200_naming_its_environment(monkeypatch):
    monkeypatch.setenv("ENVIRONMENT", "staging")
    response = main.handler({"rawPath": "/health", "requestContext": {"http": {"method": "GET"}}}, None)
    assert response == {"statusCode": 200, "body": "mdreader staging"}


def test_an_unconfigured_function_says_so_in_its_body(monkeypatch):
    monkeypatch.delenv("ENVIRONMENT", raising=False)
    assert main.handler({}, None)["body"] == "mdreader unknown"

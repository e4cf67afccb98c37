"""Stand-in for MDReader's FastAPI app (the seed wraps it with Mangum); enough for the example stack to package."""
import os


def handler(event, context):
    return {"statusCode": 200, "body": f"mdreader {os.environ.get('ENVIRONMENT', 'unknown')}"}

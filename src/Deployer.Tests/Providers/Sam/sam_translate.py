"""Expands the AWS::Serverless transform of a template read from stdin, as CloudFormation does server side.

Test-only: moto does not run transforms, so the tests put this in front of moto's CreateChangeSet. It uses the real
aws-sam-translator, with the managed policy map cfn-lint ships (the one the SAM CLI uses), and prints the expanded
template as JSON.
"""
import json
import os
import sys

from cfnlint.data import Serverless
from cfnlint.decode import decode_str
from cfnlint.helpers import load_resource
from samtranslator.parser import parser
from samtranslator.public.exceptions import InvalidDocumentException
from samtranslator.translator.translator import Translator


def main() -> int:
    template, errors = decode_str(sys.stdin.read())
    if errors:
        print("; ".join(str(e) for e in errors), file=sys.stderr)
        return 1
    os.environ.setdefault("AWS_DEFAULT_REGION", sys.argv[1] if len(sys.argv) > 1 else "us-east-1")
    translator = Translator(managed_policy_map=load_resource(Serverless, "ManagedPolicies.json"), sam_parser=parser.Parser())
    try:
        expanded = translator.translate(sam_template=template, parameter_values={}, passthrough_metadata=True)
    except InvalidDocumentException as e:
        print("; ".join(str(c) for c in e.causes), file=sys.stderr)
        return 1
    json.dump(expanded, sys.stdout, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())

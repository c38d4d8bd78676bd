#!/usr/bin/env python3
"""Validates JSON events, one per line, against a JSON Schema (draft 2020-12).

Usage: validate_events.py <schema.json> <events.jsonl>
Exit codes: 0 every event is valid; 1 some event is not (each error is printed as
"line N: path: message"); 2 bad usage or unreadable input; 3 the jsonschema package is missing.
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("the Python package jsonschema is not installed (Debian: python3-jsonschema)", file=sys.stderr)
    sys.exit(3)


def main():
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    try:
        with open(sys.argv[1], encoding="utf-8") as f:
            schema = json.load(f)
        jsonschema.Draft202012Validator.check_schema(schema)
        validator = jsonschema.Draft202012Validator(schema)
        with open(sys.argv[2], encoding="utf-8") as f:
            lines = [line for line in f.read().split("\n") if line.strip()]
    except (OSError, ValueError, jsonschema.SchemaError) as e:
        print(f"cannot read the input: {e}", file=sys.stderr)
        return 2
    if not lines:
        print("no events to validate", file=sys.stderr)
        return 2
    failed = False
    for number, line in enumerate(lines, start=1):
        try:
            event = json.loads(line)
        except ValueError as e:
            print(f"line {number}: not JSON: {e}")
            failed = True
            continue
        for error in sorted(validator.iter_errors(event), key=lambda e: list(e.absolute_path)):
            path = "/".join(str(p) for p in error.absolute_path) or "(event)"
            print(f"line {number}: {path}: {error.message[:300]}")
            failed = True
    print(f"{len(lines)} event(s) checked", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

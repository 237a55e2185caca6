"""The API's JSON parser: a request body is one JSON object of text that is valid Unicode.

Python's `json` reads `"\ud800"` (half of a UTF-16 surrogate pair) as a string that cannot be encoded or stored
(it answered 500 further on), and reads any JSON value, where every body of this API is an object (`"x"` was
read as an object by its attributes and renamed a draft). Both are refused here, before any schema sees them;
kizuna.core.api_errors answers them as invalid input (422) in the caller's language.
"""

import json

from ninja.parser import Parser


class BodyRefused(ValueError):
    """A body that is not one JSON object of valid text; `kind` is the error type the caller is told."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def _has_lone_surrogate(value) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return True
        return False
    if isinstance(value, dict):
        return any(_has_lone_surrogate(k) or _has_lone_surrogate(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_lone_surrogate(v) for v in value)
    return False


class StrictJSONParser(Parser):
    def parse_body(self, request):
        data = json.loads(request.body)
        if _has_lone_surrogate(data):
            raise BodyRefused("string_unicode")
        if not isinstance(data, dict):
            raise BodyRefused("model_type")
        return data

"""Structured logs: one JSON object per line on stdout (production).

Log lines carry the logger, level, message and, for errors, the exception's
type and traceback; never the request itself. The project's own code logs
identifiers (a request's number, an error class), never submitted values;
tests/home/test_hardening.py checks that a submission's values never reach
a log line, also when sending the email fails.
"""

import json
import logging
from datetime import UTC, datetime


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        status = getattr(record, "status_code", None)
        if status is not None:
            entry["status"] = status
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)

"""The booking as an iCalendar file (RFC 5545), for the visitor's calendar.

Written by hand: one event, times in UTC, text escaped and lines folded at
75 octets as the RFC asks. No name, phone or email goes into it: only what,
where and when, the clinic's phone number and the booking's reference.
"""

import datetime

PRODUCT = "-//Rainfall Medicine//Booking//EN"


def escape(text):
    text = str(text).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return text.replace("\r\n", "\\n").replace("\n", "\\n")


def fold(line):
    """Lines of at most 75 octets, continued with a space (never inside a character)."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        piece = char.encode()
        limit = 75 if not parts else 74
        if len(current) + len(piece) > limit:
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def stamp(value):
    return value.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(uid, start, end, summary, location, description, created):
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODUCT}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{stamp(created)}",
        f"DTSTART:{stamp(start)}",
        f"DTEND:{stamp(end)}",
        f"SUMMARY:{escape(summary)}",
        f"LOCATION:{escape(location)}",
        f"DESCRIPTION:{escape(description)}",
        "STATUS:CONFIRMED",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(fold(line) for line in lines) + "\r\n"

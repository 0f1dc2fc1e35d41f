"""The "open now" logic: Python reference (locations/hours.py) and the JavaScript
the visitor's browser runs (locations/static/js/opening-hours.js), over the same
grid of times: several ranges a day, exceptions, the end of the week and year,
and both daylight-saving changes of 2026 in America/Los_Angeles."""

import datetime
import json
import shutil
import subprocess
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from locations.hours import (
    Schedule,
    format_time,
    merge_ranges,
    opening_hours_specification,
    special_opening_hours_specification,
    status_at,
)

LA = ZoneInfo("America/Los_Angeles")
UTC = datetime.UTC
JS_FILE = Path(__file__).resolve().parents[2] / "locations/static/js/opening-hours.js"

# Mon, Tue, Thu 9-17; Wednesday with a lunch break; Friday 9-16; weekend closed.
CLINIC = {
    "timeZone": "America/Los_Angeles",
    "weekly": [
        [["09:00", "17:00"]],
        [["09:00", "17:00"]],
        [["09:00", "12:00"], ["13:00", "17:00"]],
        [["09:00", "17:00"]],
        [["09:00", "16:00"]],
        [],
        [],
    ],
    "exceptions": [
        {"date": "2026-12-19", "ranges": [["10:00", "14:00"]], "note": "Open Saturday"},
        {"date": "2026-12-24", "ranges": [["09:00", "13:00"]], "note": "Christmas Eve"},
        {"date": "2026-12-25", "ranges": [], "note": "Christmas Day"},
        # Closed the whole week between the holidays: the next opening is 8+ days away.
        {"date": "2026-12-28", "ranges": [], "note": "Winter break"},
        {"date": "2026-12-29", "ranges": [], "note": "Winter break"},
        {"date": "2026-12-30", "ranges": [], "note": "Winter break"},
        {"date": "2026-12-31", "ranges": [], "note": "Winter break"},
        {"date": "2027-01-01", "ranges": [], "note": "New Year's Day"},
    ],
}

# Night hours on Sundays make the clock changes (02:00 local) observable.
DST = {
    "timeZone": "America/Los_Angeles",
    "weekly": [[["09:00", "17:00"]], [], [], [], [["09:00", "17:00"]], [], [["01:00", "04:00"]]],
    "exceptions": [],
}


def local(*args):
    return datetime.datetime(*args, tzinfo=LA)


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


NO_HOURS = {"timeZone": "America/Los_Angeles", "weekly": [[]] * 7, "exceptions": []}
NEW_YORK = {**CLINIC, "timeZone": "America/New_York"}
NINE_TO_FIVE = "9:00 AM – 5:00 PM"


def case(data, now, text, note="", today=None):
    return pytest.param(data, now, text, note, today, id=f"{now.isoformat()} {text}")


# case(schedule, instant, expected status text, today's exception note, today's hours)
CASES = [
    # A plain weekday.
    case(CLINIC, local(2026, 11, 30, 8, 59), "Closed, opens at 9:00 AM", today=NINE_TO_FIVE),
    case(CLINIC, local(2026, 11, 30, 9, 0), "Open now, closes at 5:00 PM", today=NINE_TO_FIVE),
    case(CLINIC, local(2026, 11, 30, 16, 59, 59), "Open now, closes at 5:00 PM"),
    case(CLINIC, local(2026, 11, 30, 17, 0), "Closed, opens tomorrow at 9:00 AM"),
    case(CLINIC, local(2026, 11, 30, 0, 0), "Closed, opens at 9:00 AM"),
    # Several ranges in a day (lunch break on Wednesday).
    case(
        CLINIC,
        local(2026, 12, 2, 11, 30),
        "Open now, closes at 12:00 PM",
        today="9:00 AM – 12:00 PM, 1:00 PM – 5:00 PM",
    ),
    case(CLINIC, local(2026, 12, 2, 12, 0), "Closed, opens at 1:00 PM"),
    case(CLINIC, local(2026, 12, 2, 12, 59), "Closed, opens at 1:00 PM"),
    case(CLINIC, local(2026, 12, 2, 13, 0), "Open now, closes at 5:00 PM"),
    case(CLINIC, local(2026, 12, 2, 17, 0), "Closed, opens tomorrow at 9:00 AM"),
    # End of the week: Friday evening and the weekend wrap round to Monday.
    case(
        CLINIC, local(2026, 12, 4, 15, 30), "Open now, closes at 4:00 PM", today="9:00 AM – 4:00 PM"
    ),
    case(CLINIC, local(2026, 12, 4, 16, 0), "Closed, opens Monday at 9:00 AM"),
    case(CLINIC, local(2026, 12, 5, 12, 0), "Closed, opens Monday at 9:00 AM", today="Closed"),
    case(CLINIC, local(2026, 12, 6, 23, 59), "Closed, opens tomorrow at 9:00 AM", today="Closed"),
    # Exceptions: special opening on a Saturday, shorter hours, a holiday.
    case(CLINIC, local(2026, 12, 18, 18, 0), "Closed, opens tomorrow at 10:00 AM"),
    case(
        CLINIC,
        local(2026, 12, 19, 11, 0),
        "Open now, closes at 2:00 PM",
        note="Open Saturday",
        today="10:00 AM – 2:00 PM",
    ),
    case(
        CLINIC,
        local(2026, 12, 24, 12, 0),
        "Open now, closes at 1:00 PM",
        note="Christmas Eve",
        today="9:00 AM – 1:00 PM",
    ),
    case(CLINIC, local(2026, 12, 23, 18, 0), "Closed, opens tomorrow at 9:00 AM"),
    # After Christmas Eve: holiday, weekend, a closed week, New Year: next opening 11 days on.
    case(
        CLINIC,
        local(2026, 12, 24, 13, 0),
        "Closed, opens Monday, January 4 at 9:00 AM",
        note="Christmas Eve",
    ),
    case(
        CLINIC,
        local(2026, 12, 25, 10, 0),
        "Closed, opens Monday, January 4 at 9:00 AM",
        note="Christmas Day",
        today="Closed",
    ),
    case(
        CLINIC,
        local(2026, 12, 31, 10, 0),
        "Closed, opens Monday at 9:00 AM",
        note="Winter break",
        today="Closed",
    ),
    case(CLINIC, local(2027, 1, 3, 20, 0), "Closed, opens tomorrow at 9:00 AM"),
    # A UTC instant that is still the previous evening in Oregon.
    case(CLINIC, utc(2026, 12, 1, 2, 0), "Closed, opens tomorrow at 9:00 AM", today=NINE_TO_FIVE),
    # Spring forward, Sunday 2026-03-08: 02:00 PST becomes 03:00 PDT.
    case(
        DST, utc(2026, 3, 8, 9, 30), "Open now, closes at 4:00 AM", today="1:00 AM – 4:00 AM"
    ),  # 01:30 PST
    case(DST, utc(2026, 3, 8, 10, 30), "Open now, closes at 4:00 AM"),  # 03:30 PDT
    case(DST, utc(2026, 3, 8, 11, 30), "Closed, opens tomorrow at 9:00 AM"),  # 04:30 PDT
    case(DST, utc(2026, 3, 6, 16, 30), "Closed, opens at 9:00 AM"),  # Fri 08:30 PST
    case(DST, utc(2026, 3, 9, 16, 0), "Open now, closes at 5:00 PM"),  # Mon 09:00 PDT
    case(DST, utc(2026, 3, 9, 15, 59), "Closed, opens at 9:00 AM"),  # Mon 08:59 PDT
    # Fall back, Sunday 2026-11-01: 02:00 PDT becomes 01:00 PST (01:30 happens twice).
    case(DST, utc(2026, 11, 1, 8, 30), "Open now, closes at 4:00 AM"),  # 01:30 PDT
    case(DST, utc(2026, 11, 1, 9, 30), "Open now, closes at 4:00 AM"),  # 01:30 PST
    case(DST, utc(2026, 11, 1, 11, 30), "Open now, closes at 4:00 AM"),  # 03:30 PST
    case(DST, utc(2026, 11, 1, 12, 0), "Closed, opens tomorrow at 9:00 AM"),  # 04:00
    case(DST, utc(2026, 11, 2, 16, 30), "Closed, opens at 9:00 AM"),  # Mon 08:30 PST
    case(DST, utc(2026, 11, 2, 17, 0), "Open now, closes at 5:00 PM"),  # Mon 09:00 PST
    # No hours at all.
    case(NO_HOURS, local(2026, 6, 1, 12, 0), "Closed", today="Closed"),
    # Another time zone: the same instant is 12:00 in New York, 09:00 in Portland.
    case(NEW_YORK, utc(2026, 11, 30, 17, 0), "Open now, closes at 5:00 PM"),
    case(CLINIC, utc(2026, 11, 30, 16, 59), "Closed, opens at 9:00 AM"),
]


@pytest.mark.parametrize(("data", "now", "text", "note", "today"), CASES)
def test_status_in_python(data, now, text, note, today):
    status = status_at(Schedule.from_data(data), now)
    assert (status.is_open, status.text, status.note) == (text.startswith("Open now"), text, note)
    if today is not None:
        assert status.today_text == today


def test_javascript_port_gives_the_same_answers():
    """The script the visitor runs must agree with Python on every case."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (apt-get install nodejs; .ci/run does)")
    cases = [
        {"data": case.values[0], "now": case.values[1].astimezone(UTC).isoformat()}
        for case in CASES
    ]
    script = (
        f"const api = require({json.dumps(str(JS_FILE))});"
        "let input = '';"
        "process.stdin.on('data', c => input += c);"
        "process.stdin.on('end', () => {"
        "  const out = JSON.parse(input).map(c => api.statusAt(c.data, new Date(c.now)));"
        "  process.stdout.write(JSON.stringify(out));"
        "});"
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [node, "-e", script],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    answers = json.loads(result.stdout)
    for case, js in zip(CASES, answers, strict=True):
        data, now, text, note, _today = case.values
        python = status_at(Schedule.from_data(data), now)
        expected = (text.startswith("Open now"), text, note, python.today_text)
        assert (js["isOpen"], js["text"], js["note"], js["todayText"]) == expected, now
        local_day = now.astimezone(ZoneInfo(data["timeZone"])).date()
        assert js["weekday"] == local_day.weekday()
        assert js["date"] == local_day.isoformat()


def test_javascript_formats_like_python():
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (apt-get install nodejs; .ci/run does)")
    minutes = [0, 1, 59, 60, 9 * 60, 12 * 60, 12 * 60 + 30, 13 * 60, 23 * 60 + 59]
    script = (
        f"const api = require({json.dumps(str(JS_FILE))});"
        f"process.stdout.write(JSON.stringify({json.dumps(minutes)}.map(api.formatTime)));"
    )
    result = subprocess.run(  # noqa: S603
        [node, "-e", script], capture_output=True, text=True, timeout=30, check=True
    )
    assert json.loads(result.stdout) == [
        format_time(datetime.time(m // 60, m % 60)) for m in minutes
    ]


def test_format_time():
    assert format_time(datetime.time(0, 0)) == "12:00 AM"
    assert format_time(datetime.time(9, 5)) == "9:05 AM"
    assert format_time(datetime.time(12, 0)) == "12:00 PM"
    assert format_time(datetime.time(17, 0)) == "5:00 PM"
    assert format_time(datetime.time(23, 59)) == "11:59 PM"


def test_touching_ranges_merge():
    t = datetime.time
    assert merge_ranges([(t(13), t(17)), (t(9), t(12)), (t(12), t(13))]) == [(t(9), t(17))]
    assert merge_ranges([(t(9), t(12)), (t(13), t(17))]) == [(t(9), t(12)), (t(13), t(17))]


def test_summary_groups_days_with_the_same_hours():
    schedule = Schedule.from_data(CLINIC)
    assert schedule.summary() == [
        ("Mon–Tue", "9:00 AM – 5:00 PM"),
        ("Wed", "9:00 AM – 12:00 PM, 1:00 PM – 5:00 PM"),
        ("Thu", "9:00 AM – 5:00 PM"),
        ("Fri", "9:00 AM – 4:00 PM"),
        ("Sat–Sun", "Closed"),
    ]


def test_schema_org_hours():
    schedule = Schedule.from_data(CLINIC)
    specs = opening_hours_specification(schedule)
    assert {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": ["Monday", "Tuesday", "Thursday"],
        "opens": "09:00",
        "closes": "17:00",
    } in specs
    assert {
        "@type": "OpeningHoursSpecification",
        "dayOfWeek": ["Wednesday"],
        "opens": "13:00",
        "closes": "17:00",
    } in specs
    assert len(specs) == 4
    special = special_opening_hours_specification(schedule, since=datetime.date(2026, 12, 24))
    assert special[0] == {
        "@type": "OpeningHoursSpecification",
        "validFrom": "2026-12-24",
        "validThrough": "2026-12-24",
        "opens": "09:00",
        "closes": "13:00",
        "name": "Christmas Eve",
    }
    # Closed all day: opens and closes at midnight.
    assert special[1]["validFrom"] == "2026-12-25"
    assert (special[1]["opens"], special[1]["closes"]) == ("00:00", "00:00")
    assert all(spec["validFrom"] >= "2026-12-24" for spec in special)


def test_round_trip_through_the_embedded_json():
    schedule = Schedule.from_data(CLINIC)
    assert Schedule.from_data(schedule.to_data()) == schedule
    assert [
        e["date"] for e in schedule.to_data(since=datetime.date(2026, 12, 30))["exceptions"]
    ] == [
        "2026-12-30",
        "2026-12-31",
        "2027-01-01",
    ]


def _statuses_in_node(cases):
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed (apt-get install nodejs; .ci/run does)")
    script = (
        f"const api = require({json.dumps(str(JS_FILE))});"
        "let input = '';"
        "process.stdin.on('data', c => input += c);"
        "process.stdin.on('end', () => {"
        "  const out = JSON.parse(input).map(c => api.statusAt(c.data, new Date(c.now)));"
        "  process.stdout.write(JSON.stringify(out));"
        "});"
    )
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [node, "-e", script],
        input=json.dumps(cases),
        capture_output=True,
        text=True,
        timeout=30,
        check=True,
    )
    return json.loads(result.stdout)


def test_spanish_status_in_python_and_in_the_browser_script():
    """A Spanish page embeds the words with the hours: the script then says
    what Python says in Spanish, with a 24-hour clock."""
    from django.utils import translation

    from locations.hours import messages

    with translation.override("es"):
        words = messages()
        friday_evening = local(2026, 12, 4, 18, 0)  # opens Monday
        thursday_evening = local(2026, 12, 3, 18, 0)  # opens tomorrow
        wednesday_noon = local(2026, 12, 2, 12, 30)  # lunch break, opens at 13:00
        christmas_eve = local(2026, 12, 24, 15, 0)  # closed until 4 January
        instants = [friday_evening, thursday_evening, wednesday_noon, christmas_eve]
        python = [status_at(Schedule.from_data(CLINIC), now) for now in instants]
        assert [status.text for status in python] == [
            "Cerrado, abre el lunes a las 9:00",
            "Cerrado, abre mañana a las 9:00",
            "Cerrado, abre a las 13:00",
            "Cerrado, abre el lunes 4 de enero a las 9:00",
        ]
        assert python[0].today_text == "9:00 – 16:00"
    data = {**CLINIC, "messages": words}
    cases = [{"data": data, "now": now.astimezone(UTC).isoformat()} for now in instants]
    answers = _statuses_in_node(cases)
    assert [(js["text"], js["todayText"]) for js in answers] == [
        (status.text, status.today_text) for status in python
    ]


def test_weekly_table_and_summary_in_spanish():
    from django.utils import translation

    schedule = Schedule.from_data(CLINIC)
    with translation.override("es"):
        table = schedule.table()
        summary = schedule.summary()
    assert [row["name"] for row in table][:2] == ["lunes", "martes"]
    assert table[0]["text"] == "9:00 – 17:00"
    assert table[5]["text"] == "Cerrado"
    assert summary[0] == ("lun–mar", "9:00 – 17:00")
    # schema.org keeps its English day names whatever the language.
    with translation.override("es"):
        days = {day for spec in opening_hours_specification(schedule) for day in spec["dayOfWeek"]}
    assert days == {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday"}

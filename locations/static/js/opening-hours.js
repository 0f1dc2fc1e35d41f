/*
 * "Open now" for clinic pages, computed in the visitor's browser so that a
 * cached page never shows a stale status. A faithful port of
 * locations/hours.py (tests run both over the same cases): keep them in step.
 *
 * Markup: an element with data-opening-hours="<id of a JSON script>"
 * containing any of [data-hours-status], [data-hours-today] and table rows
 * tr[data-weekday] (0 = Monday). Without JavaScript the server-rendered
 * table is all the visitor sees, which is always right.
 *
 * Also: [data-map] blocks load their OpenStreetMap embed only on request.
 */
(function (factory) {
    "use strict";
    var api = factory();
    if (typeof module === "object" && module.exports) {
        module.exports = api;
    } else if (typeof document !== "undefined") {
        if (document.readyState === "loading") {
            document.addEventListener("DOMContentLoaded", function () {
                api.init(document);
            });
        } else {
            api.init(document);
        }
    }
})(function () {
    "use strict";

    // The words in English; a page in another language embeds its own with
    // the schedule (data.messages, from locations.hours.messages).
    var MESSAGES = {
        clock12: true,
        closed: "Closed",
        openNow: "Open now, closes at {time}",
        opensToday: "Closed, opens at {time}",
        opensTomorrow: "Closed, opens tomorrow at {time}",
        opensWeekday: "Closed, opens {weekday} at {time}",
        opensDate: "Closed, opens {weekday}, {month} {day} at {time}",
        today: "Today: {hours}",
        todayMark: "(today)",
        weekdays: ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"],
        months: [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
    };
    var LOOKAHEAD_DAYS = 14;
    var formatters = {};

    function pad(value) {
        return (value < 10 ? "0" : "") + value;
    }

    function toMinutes(text) {
        var parts = text.split(":");
        return parseInt(parts[0], 10) * 60 + parseInt(parts[1], 10);
    }

    function wordsOf(data) {
        return (data && data.messages) || MESSAGES;
    }

    // "{time}, {day}" with values: the words' placeholders filled in.
    function fill(text, values) {
        return text.replace(/\{(\w+)\}/g, function (match, name) {
            return Object.prototype.hasOwnProperty.call(values, name) ? values[name] : match;
        });
    }

    function formatTime(minutes, words) {
        var hour = Math.floor(minutes / 60);
        if (words && words.clock12 === false) return hour + ":" + pad(minutes % 60);
        var display = hour % 12 || 12;
        return display + ":" + pad(minutes % 60) + " " + (hour < 12 ? "AM" : "PM");
    }

    function formatRanges(ranges, words) {
        words = words || MESSAGES;
        if (!ranges.length) return words.closed;
        return ranges
            .map(function (range) {
                return formatTime(range[0], words) + " \u2013 " + formatTime(range[1], words);
            })
            .join(", ");
    }

    // The wall-clock date and time of `now` in `timeZone` (Intl: no library).
    function localParts(now, timeZone) {
        var formatter = formatters[timeZone];
        if (!formatter) {
            formatter = formatters[timeZone] = new Intl.DateTimeFormat("en-US", {
                timeZone: timeZone,
                hourCycle: "h23",
                year: "numeric",
                month: "numeric",
                day: "numeric",
                hour: "numeric",
                minute: "numeric",
                second: "numeric",
            });
        }
        var parts = {};
        formatter.formatToParts(now).forEach(function (part) {
            parts[part.type] = part.value;
        });
        var hour = parseInt(parts.hour, 10) % 24;
        return {
            day: makeDay(
                parseInt(parts.year, 10),
                parseInt(parts.month, 10),
                parseInt(parts.day, 10),
                0,
            ),
            seconds: hour * 3600 + parseInt(parts.minute, 10) * 60 + parseInt(parts.second, 10),
        };
    }

    // A calendar day `offset` days after year-month-day (month 1-12).
    function makeDay(year, month, day, offset) {
        var date = new Date(Date.UTC(year, month - 1, day + offset));
        var y = date.getUTCFullYear(),
            m = date.getUTCMonth() + 1,
            d = date.getUTCDate();
        return {
            year: y,
            month: m,
            day: d,
            weekday: (date.getUTCDay() + 6) % 7, // 0 = Monday, as in Python
            key: y + "-" + pad(m) + "-" + pad(d),
        };
    }

    function parseSchedule(data) {
        var exceptions = {};
        (data.exceptions || []).forEach(function (item) {
            exceptions[item.date] = {
                ranges: item.ranges.map(function (r) {
                    return [toMinutes(r[0]), toMinutes(r[1])];
                }),
                note: item.note || "",
            };
        });
        return {
            timeZone: data.timeZone,
            weekly: data.weekly.map(function (day) {
                return day.map(function (r) {
                    return [toMinutes(r[0]), toMinutes(r[1])];
                });
            }),
            exceptions: exceptions,
        };
    }

    // [ranges, exception or null]: the exception wins over the weekly hours.
    function rangesOn(schedule, day) {
        var exception = schedule.exceptions[day.key];
        if (exception) return [exception.ranges, exception];
        return [schedule.weekly[day.weekday], null];
    }

    function opensText(offset, day, time, words) {
        if (offset === 0) return fill(words.opensToday, { time: time });
        if (offset === 1) return fill(words.opensTomorrow, { time: time });
        var name = words.weekdays[day.weekday];
        if (offset < 7) return fill(words.opensWeekday, { weekday: name, time: time });
        return fill(words.opensDate, {
            weekday: name,
            month: words.months[day.month - 1],
            day: day.day,
            time: time,
        });
    }

    // Port of hours.status_at. `data`: the embedded JSON; `now`: a Date.
    function statusAt(data, now) {
        var schedule = data._parsed || parseSchedule(data);
        var local = localParts(now || new Date(), schedule.timeZone);
        var today = local.day;
        var clock = local.seconds;
        var found = rangesOn(schedule, today);
        var ranges = found[0];
        var note = found[1] ? found[1].note : "";
        var words = wordsOf(data);
        var result = {
            isOpen: false,
            text: words.closed,
            note: note,
            todayText: formatRanges(ranges, words),
            weekday: today.weekday,
            date: today.key,
        };
        var i;
        for (i = 0; i < ranges.length; i++) {
            if (ranges[i][0] * 60 <= clock && clock < ranges[i][1] * 60) {
                result.isOpen = true;
                result.text = fill(words.openNow, { time: formatTime(ranges[i][1], words) });
                return result;
            }
        }
        for (var offset = 0; offset <= LOOKAHEAD_DAYS; offset++) {
            var day = makeDay(today.year, today.month, today.day, offset);
            var dayRanges = rangesOn(schedule, day)[0];
            for (i = 0; i < dayRanges.length; i++) {
                if (offset === 0 && dayRanges[i][0] * 60 <= clock) continue;
                result.text = opensText(offset, day, formatTime(dayRanges[i][0], words), words);
                return result;
            }
        }
        return result;
    }

    // Page behaviour ------------------------------------------------------------

    // The page keeps the element's place (invisible) until it is filled in.
    function shown(element) {
        element.hidden = false;
        element.classList.remove("is-pending");
        element.removeAttribute("aria-hidden");
    }

    function update(container, data) {
        var status = statusAt(data, new Date());
        var words = wordsOf(data);
        var statusEl = container.querySelector("[data-hours-status]");
        if (statusEl) {
            statusEl.textContent = status.text + (status.note ? " (" + status.note + ")" : "");
            statusEl.classList.toggle("is-open", status.isOpen);
            statusEl.classList.toggle("is-closed", !status.isOpen);
            shown(statusEl);
        }
        var todayEl = container.querySelector("[data-hours-today]");
        if (todayEl) {
            todayEl.textContent = fill(words.today, {
                hours: status.todayText + (status.note ? " (" + status.note + ")" : ""),
            });
            shown(todayEl);
        }
        container.querySelectorAll("tr[data-weekday]").forEach(function (row) {
            var isToday = row.getAttribute("data-weekday") === String(status.weekday);
            var label = row.querySelector(".hours-table__today");
            row.classList.toggle("is-today", isToday);
            if (isToday) {
                row.setAttribute("aria-current", "date");
                if (!label) {
                    label = document.createElement("span");
                    label.className = "hours-table__today";
                    label.textContent = " " + words.todayMark;
                    row.querySelector("th").appendChild(label);
                }
                label.removeAttribute("aria-hidden");
            } else {
                row.removeAttribute("aria-current");
                // Kept in its place (hidden): the columns do not move.
                if (label) label.setAttribute("aria-hidden", "true");
            }
        });
    }

    function initHours(root) {
        root.querySelectorAll("[data-opening-hours]").forEach(function (container) {
            var source = document.getElementById(container.getAttribute("data-opening-hours"));
            if (!source) return;
            var data;
            try {
                data = JSON.parse(source.textContent);
                data._parsed = parseSchedule(data);
            } catch (error) {
                return; // the server-rendered table stays as it is
            }
            update(container, data);
            // A page left open keeps an accurate status.
            window.setInterval(function () {
                update(container, data);
            }, 60 * 1000);
        });
    }

    function initMaps(root) {
        root.querySelectorAll("[data-map]").forEach(function (block) {
            var button = block.querySelector("[data-map-load]");
            var src = block.getAttribute("data-map-src");
            if (!button || !src || src.indexOf("https://www.openstreetmap.org/") !== 0) return;
            button.hidden = false;
            button.addEventListener("click", function () {
                var frame = document.createElement("iframe");
                frame.src = src;
                frame.title = block.getAttribute("data-map-title") || "Map";
                frame.className = "location-map__frame";
                frame.setAttribute("loading", "lazy");
                frame.setAttribute("referrerpolicy", "no-referrer");
                var holder = block.querySelector("[data-map-frame]") || block;
                holder.appendChild(frame);
                button.remove();
                frame.focus();
            });
        });
    }

    function init(root) {
        initHours(root);
        initMaps(root);
    }

    return {
        init: init,
        statusAt: statusAt,
        formatTime: formatTime,
        formatRanges: formatRanges,
        localParts: localParts,
        parseSchedule: parseSchedule,
    };
});

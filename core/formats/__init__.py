"""The site's own date and time formats per language (FORMAT_MODULE_PATH),
over Django's: what is not here comes from Django's locale formats.

English reads "November 22, 2026" and "9:00 AM"; Spanish "22 de noviembre de
2026" (Django's) and "9:00" / "17:00" (a 24-hour clock without the leading
zero). Templates write ``|date:"DATE_FORMAT"`` and ``|time:"TIME_FORMAT"``,
and locations.hours words the opening hours with the same formats.
"""

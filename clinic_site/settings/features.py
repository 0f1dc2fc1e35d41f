"""Settings the apps read for their own features (each from the environment,
with the default a clinic starts with): medical review reminders,
consultation requests, visit figures. Imported by base.py."""

from .env import env_int, env_str

# --- Medical review (blog) ---
# Reviewers get an email this many days before an article's next review is
# due, and another once it is overdue (blog.reminders).
MEDICAL_REVIEW_REMINDER_DAYS = env_int("MEDICAL_REVIEW_REMINDER_DAYS", 30)

# --- Consultation requests (forms_app) ---
# Coordinators who opt in (Account -> Intake digest) get a morning email of
# counts per clinic from this hour on (local time, TIME_ZONE): forms_app.digest.
INTAKE_DIGEST_HOUR = env_int("INTAKE_DIGEST_HOUR", 7)
# Stored requests per client network (an IPv4 address, an IPv6 /64) and
# window: "5/h", "20/10m", "100/d"; "0" or "off" disables the limit (e.g. for
# load tests). Counted in Redis, in PostgreSQL while it is down (core.rate_limit).
CONSULTATION_RATE_LIMIT = env_str("CONSULTATION_RATE_LIMIT", "5/h")
# The same for bookings made on the booking page (booking.views).
BOOKING_RATE_LIMIT = env_str("BOOKING_RATE_LIMIT", "5/h")
# A form sent back sooner than this after it was shown is treated as spam.
CONSULTATION_MIN_SECONDS = env_int("CONSULTATION_MIN_SECONDS", 3)
# A worker sending a request's email holds a claim on it, renewed every
# quarter of this while it sends; a claim not renewed for this long (its
# worker was killed) is taken over and the email sent by the next retry.
MAIL_CLAIM_SECONDS = env_int("MAIL_CLAIM_SECONDS", 60)
# manage.py purge_consultation_requests deletes requests older than this.
CONSULTATION_RETENTION_DAYS = env_int("CONSULTATION_RETENTION_DAYS", 365)
# Visit figures (docs/analytics.md): days kept (0: always); per address and day, at most.
ANALYTICS_RETENTION_DAYS = env_int("ANALYTICS_RETENTION_DAYS", 2 * 365)
ANALYTICS_MAX_HITS_PER_ADDRESS = env_int("ANALYTICS_MAX_HITS_PER_ADDRESS", 500)
ANALYTICS_MAX_VIEWS_PER_PAGE = env_int("ANALYTICS_MAX_VIEWS_PER_PAGE", 10)

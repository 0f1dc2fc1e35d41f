"""Where uploads live: MEDIA_ROOT on the server (one server, or a folder
every server shares), or S3-compatible buckets. Imported by base.py."""

from pathlib import Path

from .env import env_bool, env_int, env_str

BASE_DIR = Path(__file__).resolve().parent.parent.parent

MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "media")))
MEDIA_URL = env_str("MEDIA_URL", "/media/")
# Serve MEDIA_ROOT from Django (one server, no media host). Off when media
# lives in S3-compatible storage or the reverse proxy serves /media/.
SERVE_MEDIA = env_bool("SERVE_MEDIA", True)

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Media in S3-compatible storage (django-storages) when a bucket is named, so
# that every app server sees every upload; else the local MEDIA_ROOT (a
# folder shared by the servers, e.g. a volume). Two buckets (make test-scale
# runs both on SeaweedFS, docs/scale.md):
# - AWS_STORAGE_BUCKET_NAME, private: original images, documents (served only
#   through Wagtail's view, which checks the collection's privacy); any URL
#   of it that the app gives out is signed and short-lived;
# - AWS_PUBLIC_BUCKET_NAME (default: the same bucket, then give anonymous
#   read on images/ only): image renditions, read by browsers from the
#   bucket's URL or AWS_S3_CUSTOM_DOMAIN (a CDN), cached for a year (a
#   rendition's name changes with its image). Add that origin to CSP_EXTRA_IMG_SRC.
AWS_STORAGE_BUCKET_NAME = env_str("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_ENDPOINT_URL = env_str("AWS_S3_ENDPOINT_URL", "") or None
    AWS_S3_REGION_NAME = env_str("AWS_S3_REGION_NAME", "") or None
    AWS_ACCESS_KEY_ID = env_str("AWS_ACCESS_KEY_ID", "") or None
    AWS_SECRET_ACCESS_KEY = env_str("AWS_SECRET_ACCESS_KEY", "") or None
    # Path-style URLs (endpoint/bucket/key): what S3-compatible servers answer.
    AWS_S3_ADDRESSING_STYLE = env_str("AWS_S3_ADDRESSING_STYLE", "path")
    AWS_DEFAULT_ACL = None
    AWS_QUERYSTRING_AUTH = True
    AWS_S3_SIGNATURE_VERSION = "s3v4"
    AWS_QUERYSTRING_EXPIRE = env_int("AWS_QUERYSTRING_EXPIRE", 300)
    AWS_S3_FILE_OVERWRITE = False
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
    STORAGES["renditions"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env_str("AWS_PUBLIC_BUCKET_NAME", "") or AWS_STORAGE_BUCKET_NAME,
            "custom_domain": env_str("AWS_S3_CUSTOM_DOMAIN", "") or None,
            "querystring_auth": False,
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }
    WAGTAILIMAGES_RENDITION_STORAGE = "renditions"
    SERVE_MEDIA = False

"""Exit with a clear message when the test database server does not answer."""

import os
import sys

import dj_database_url
import psycopg

DEFAULT = "postgres://postgres:postgres@127.0.0.1:5432/postgres"


def main():
    url = os.environ.get("DATABASE_URL", DEFAULT)
    config = dj_database_url.parse(url)
    if "postgresql" not in config["ENGINE"]:
        print(f"make test needs PostgreSQL; DATABASE_URL points to {config['ENGINE']}.")
        return 1
    try:
        psycopg.connect(
            host=config["HOST"] or None,
            port=config["PORT"] or None,
            user=config["USER"] or None,
            password=config["PASSWORD"] or None,
            dbname=config["NAME"] or "postgres",
            connect_timeout=5,
        ).close()
    except psycopg.OperationalError as exc:
        host = f"{config['HOST'] or 'localhost'}:{config['PORT'] or 5432}"
        print(
            f"\nPostgreSQL does not answer at {host} ({exc.__class__.__name__}).\n"
            "Start one with:  docker compose up -d db\n"
            "or point DATABASE_URL at a running server, e.g.\n"
            "  DATABASE_URL=postgres://user:pass@host:5432/postgres make test\n",
            file=sys.stderr,
        )
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

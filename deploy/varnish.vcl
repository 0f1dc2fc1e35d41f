# Varnish in front of two app servers (docker-compose's `varnish` service;
# `make test-scale` runs this file on loopback, its backends rewritten to the
# local gunicorn ports by scripts/scale.py). TLS ends before it (nginx or
# Caddy: deploy/nginx.conf, its `proxy_pass` pointed at this cache).
#
# What it stores: only what the app says is public (Cache-Control: public,
# s-maxage=..., which the page cache sets on pages every visitor sees alike),
# for that long; nothing else: the consultation form (fresh tokens per
# visitor: private, no-store), the booking page, the admin and its previews,
# documents (a collection may be private), anything for a signed-in person.
# Purged by the app (pagecache.frontend: Wagtail's HTTP backend sends PURGE
# for each changed page after the commit; FRONTEND_CACHE_BACKEND=http,
# FRONTEND_CACHE_LOCATION=http://<this cache>).
vcl 4.1;

import directors;

# The probe reads /healthz as the app expects from its proxy (a host it
# serves, HTTPS already ended). ALLOWED_HOSTS must hold "localhost".
probe healthz {
    .request =
        "GET /healthz HTTP/1.1"
        "Host: localhost"
        "X-Forwarded-Proto: https"
        "Connection: close";
    .expected_response = 200;
    .interval = 1s;
    .timeout = 2s;
    .window = 3;
    .threshold = 2;
    .initial = 2;
}

backend app1 {
    .host = "web";
    .port = "8000";
    .probe = healthz;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
}

backend app2 {
    .host = "web2";
    .port = "8000";
    .probe = healthz;
    .connect_timeout = 1s;
    .first_byte_timeout = 30s;
}

# Who may purge: this host and the app servers (docker-compose's network).
acl purgers {
    "localhost";
    "127.0.0.1";
    "::1";
    "172.30.57.0"/24;
}

sub vcl_init {
    new apps = directors.round_robin();
    apps.add_backend(app1);
    apps.add_backend(app2);
}

sub vcl_recv {
    set req.backend_hint = apps.backend();
    if (req.method == "PURGE") {
        if (client.ip !~ purgers) {
            return (synth(405, "Not allowed"));
        }
        # The path with every query string stored under it (?page=2, a
        # topic filter): the app's page cache drops those with the page's tag.
        ban("obj.http.x-host == " + req.http.host +
            " && obj.http.x-path == " + regsub(req.url, "\?.*$", ""));
        return (synth(200, "Purged"));
    }
    if (req.method != "GET" && req.method != "HEAD") {
        return (pass);
    }
    # The admin (and its previews), documents (privacy checked per request)
    # and the visit beacon: always the app's own answer.
    if (req.url ~ "^/(admin|documents|_)/") {
        return (pass);
    }
    # Staff (a session) and visitors who opened a form (its CSRF cookie)
    # get the app's answer; other cookies mean nothing to the site.
    if (req.http.Cookie ~ "(^|;\s*)(sessionid|csrftoken)=") {
        return (pass);
    }
    unset req.http.Cookie;
    unset req.http.Authorization;
    return (hash);
}

sub vcl_backend_fetch {
    # A retry goes to the next app server (round robin).
    set bereq.backend = apps.backend();
}

sub vcl_backend_response {
    # What a purge matches (kept out of the visitor's answer in vcl_deliver).
    set beresp.http.x-host = bereq.http.host;
    set beresp.http.x-path = regsub(bereq.url, "\?.*$", "");
    # Only what the app calls public is stored, for its s-maxage; never a
    # response that sets a cookie or says private / no-store / no-cache.
    if (beresp.http.Cache-Control !~ "(^|,)\s*public" ||
        beresp.http.Cache-Control ~ "private|no-store|no-cache" ||
        beresp.http.Set-Cookie) {
        set beresp.uncacheable = true;
        set beresp.ttl = 10s;
        return (deliver);
    }
    return (deliver);
}

sub vcl_backend_error {
    # An app server that is down (killed, restarting): a GET or HEAD tries
    # again (round robin: the next server) until the probe marks it sick. A
    # POST is never sent twice (a request could be stored twice).
    if ((bereq.method == "GET" || bereq.method == "HEAD") && bereq.retries < 3) {
        return (retry);
    }
}

sub vcl_deliver {
    unset resp.http.x-host;
    unset resp.http.x-path;
    if (obj.hits > 0) {
        set resp.http.X-Proxy-Cache = "HIT";
    } else {
        set resp.http.X-Proxy-Cache = "MISS";
    }
}

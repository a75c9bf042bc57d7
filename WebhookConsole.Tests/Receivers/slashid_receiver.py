"""A webhook receiver written only from the SlashID webhooks guide and common libraries (PyJWT, hmac).

Serves on 127.0.0.1 (an ephemeral port, printed first as {"listening": port}) and prints one JSON line per request:
{"format", "path", "ok", "event_id", "is_test_event", "reason"}. For every format it checks the signature and that the
format's event id (jwt sub, websub rci, standard id) equals trigger_content.event_metadata.event_id.

usage: slashid_receiver.py HUB_URL ORG_ID ISSUER  (secrets arrive on stdin as JSON lines {"path": …, "secret": …})
"""
import base64
import hashlib
import hmac
import json
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import jwt  # PyJWT, Debian's python3-jwt

HUB, ORG_ID, ISSUER = sys.argv[1], sys.argv[2], sys.argv[3]
SECRETS = {}  # path -> secret, for the HMAC formats
LOCK = threading.Lock()


def say(**fields):
    with LOCK:
        print(json.dumps(fields), flush=True)


def read_secrets():
    for line in sys.stdin:
        entry = json.loads(line)
        SECRETS[entry["path"]] = entry["secret"]
        say(secret_for=entry["path"])


def signing_key(token):
    """The guide: fetch the organization's JWKS with SlashID-OrgID, pick the key named by the token's kid."""
    request = urllib.request.Request(f"{HUB}/organizations/webhooks/verification-jwks", headers={"SlashID-OrgID": ORG_ID})
    with urllib.request.urlopen(request, timeout=10) as response:
        key_set = jwt.PyJWKSet.from_json(response.read().decode())
    kid = jwt.get_unverified_header(token)["kid"]
    return next(key.key for key in key_set.keys if key.key_id == kid)


def check_jwt(body, url):
    token = body.decode("ascii")
    claims = jwt.decode(token, signing_key(token), audience=ORG_ID, issuer=ISSUER, algorithms=["ES256"],
                        options={"require": ["exp", "iat", "jti", "sub"]})
    if claims["target_url"] != url:
        raise ValueError("target_url is not this endpoint")
    metadata = claims["trigger_content"]["event_metadata"]
    return claims["sub"], metadata


def check_websub(body, headers, path):
    expected = "sha256=" + hmac.new(SECRETS[path].encode(), body, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, headers.get("x-hub-signature", "")):
        raise ValueError("x-hub-signature does not match")
    event = json.loads(body)
    (content,) = event["events"].values()
    return event["rci"], content["event_metadata"]


def check_standard(body, headers, path):
    msg_id, timestamp = headers["webhook-id"], headers["webhook-timestamp"]
    if abs(time.time() - int(timestamp)) > 300:
        raise ValueError("stale webhook-timestamp")
    key = base64.b64decode(SECRETS[path].removeprefix("whsec_"))
    expected = base64.b64encode(hmac.new(key, f"{msg_id}.{timestamp}.".encode() + body, hashlib.sha256).digest()).decode()
    if not any(hmac.compare_digest(expected, s[3:]) for s in headers["webhook-signature"].split(" ") if s.startswith("v1,")):
        raise ValueError("webhook-signature does not match")
    event = json.loads(body)
    if event["id"] != msg_id:
        raise ValueError("body id is not webhook-id")
    return event["id"], event["data"]["event_metadata"]


class Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 with a length on every answer, as a production server speaks: with HTTP/1.0 the server closes each
    # connection after its answer, and a request the hub sends on a connection that is closing fails.
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_GET(self):  # WebSub verification of intent: echo the challenge
        challenge = parse_qs(urlparse(self.path).query).get("hub.challenge", [""])[0]
        self.send_response(200 if challenge else 404)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(challenge.encode())))
        self.end_headers()
        self.wfile.write(challenge.encode())

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        path = urlparse(self.path).path
        url = f"http://127.0.0.1:{self.server.server_address[1]}{path}"
        fmt = {"application/jwt": "jwt"}.get(self.headers.get("Content-Type"), "standard" if "webhook-id" in self.headers else "websub")
        try:
            if fmt == "jwt":
                event_id, metadata = check_jwt(body, url)
            elif fmt == "websub":
                event_id, metadata = check_websub(body, self.headers, path)
            else:
                event_id, metadata = check_standard(body, self.headers, path)
            if event_id != metadata["event_id"]:
                raise ValueError(f"{fmt} id {event_id} is not event_metadata.event_id {metadata['event_id']}")
            say(format=fmt, path=path, ok=True, event_id=event_id, is_test_event=metadata["is_test_event"])
        except Exception as error:  # report, answer 401 as the guide says
            say(format=fmt, path=path, ok=False, reason=f"{type(error).__name__}: {error}")
            self.send_response(401)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        self.send_response(204)
        self.end_headers()


# A listen backlog like a production server's (the default is 5).
ThreadingHTTPServer.request_queue_size = 128
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=read_secrets, daemon=True).start()
say(listening=server.server_address[1])
server.serve_forever()

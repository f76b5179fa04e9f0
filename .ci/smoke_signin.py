"""Signs in over HTTP as the demo gemeente user and checks that the dashboard names the gemeente.

Used by .ci/run against a `make run` on the embedded default; standard library only.
"""

import http.cookiejar
import re
import sys
import urllib.parse
import urllib.request

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
EMAIL, PASSWORD, EXPECTED = "gemeente@kso.example", "kso-demo-2026", "Gemeente Utrecht"

jar = http.cookiejar.CookieJar()
opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
login_url = f"{BASE}/accounts/login/"
page = opener.open(login_url, timeout=30).read().decode()
token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
if not token:
    sys.exit("smoke: no CSRF token on the sign-in page")
form = urllib.parse.urlencode(
    {"csrfmiddlewaretoken": token.group(1), "login": EMAIL, "password": PASSWORD}
).encode()
request = urllib.request.Request(login_url, data=form, headers={"Referer": login_url})
response = opener.open(request, timeout=30)
dashboard = response.read().decode()
if response.geturl().rstrip("/") != BASE.rstrip("/"):
    sys.exit(f"smoke: after signing in the browser is at {response.geturl()}, not the dashboard")
if f"<h1>{EXPECTED}</h1>" not in dashboard:
    sys.exit(f"smoke: the dashboard does not show '{EXPECTED}' as its heading")
print(f"smoke: signed in as {EMAIL} and saw the dashboard of {EXPECTED}")

"""Print the SQL query count of each page for the benchmark user (same data set as the timings)."""

import sys

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

client = Client(HTTP_HOST="127.0.0.1")
assert client.login(username="analyst", password="benchmark-password")
for line in sys.stdin:
    if not line.startswith("PAGE\t"):
        continue
    _tag, name, url = line.rstrip("\n").split("\t")
    with CaptureQueriesContext(connection) as captured:
        status = client.get(url).status_code
    print(f"QUERIES\t{name}\t{len(captured)}\t{status}")

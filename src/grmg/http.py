"""The request type of grmg's views."""

from django.contrib.auth.models import User
from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails


class Request(HttpRequest):
    """A request to a grmg page: logged in (LoginRequiredMiddleware sees to it), with htmx details."""

    user: User
    htmx: HtmxDetails

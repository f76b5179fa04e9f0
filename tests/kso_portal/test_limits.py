"""Limits on requests (kso_portal/limits.py): a body larger than the portal takes is refused
before it is read, and a NUL character in an address or a value is a 400, never a 500."""

import io
import socket
import time
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils.http import urlencode

from locations.models import LocationDocument
from organisations.constants import OrganisationKind

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64
MB = 1024 * 1024


class CountingInput(io.BytesIO):
    """The request body as the WSGI server hands it over, counting what the portal reads."""

    def __init__(self, content: bytes):
        super().__init__(content)
        self.bytes_read = 0

    def read(self, size=-1):
        data = super().read(size)
        self.bytes_read += len(data)
        return data

    def readline(self, size=-1):
        data = super().readline(size)
        self.bytes_read += len(data)
        return data


def multipart(fields: dict, boundary: str = "grens") -> bytes:
    parts = []
    for name, value in fields.items():
        if isinstance(value, tuple):
            file_name, content = value
            head = (
                f'Content-Disposition: form-data; name="{name}"; filename="{file_name}"\r\n'
                "Content-Type: application/octet-stream\r\n\r\n"
            )
        else:
            head, content = f'Content-Disposition: form-data; name="{name}"\r\n\r\n', value
        content = content if isinstance(content, bytes) else content.encode()
        parts.append(f"--{boundary}\r\n{head}".encode() + content + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


@pytest.mark.django_db
def test_a_body_over_the_cap_is_refused_unread_with_a_dutch_page(
    client, gemeente_user, make_location
):
    location = make_location()
    client.force_login(gemeente_user)
    body = multipart({"kind": "foto", "upload": ("groot.png", PNG + b"\0" * MB)})
    stream = CountingInput(body)
    url = reverse("location_document_add", args=[location.pk])
    response = client.generic(
        "POST",
        url,
        body,
        content_type="multipart/form-data; boundary=grens",
        headers={"referer": f"http://testserver{reverse('location_detail', args=[location.pk])}"},
        # The body declares 150 MB, as the security test's upload did; the stream holds 1 MB.
        CONTENT_LENGTH=str(150 * MB),
        **{"wsgi.input": stream},
    )
    assert response.status_code == 413
    assert stream.bytes_read == 0
    page = response.content.decode()
    assert "Te groot om te versturen" in page
    assert "groter dan 21 MB" in page
    assert f'href="http://testserver{reverse("location_detail", args=[location.pk])}"' in page
    assert 'class="site-header' in page  # the portal's layout
    assert not LocationDocument.objects.exists()


@pytest.mark.django_db
def test_a_body_within_the_cap_is_read_as_before(client, gemeente_user, make_location):
    location = make_location()
    client.force_login(gemeente_user)
    url = reverse("location_document_add", args=[location.pk])
    upload = SimpleUploadedFile("voorgevel.png", PNG + b"\0" * MB)
    assert client.post(url, {"kind": "foto", "upload": upload}).status_code == 302
    assert LocationDocument.objects.get().size == len(PNG) + MB


@pytest.mark.django_db
def test_the_cap_is_a_little_above_the_largest_document():
    from locations.constants import MAX_DOCUMENT_BYTES

    assert MAX_DOCUMENT_BYTES < settings.MAX_REQUEST_BODY_BYTES <= MAX_DOCUMENT_BYTES + 2 * MB


def _status_line(sock) -> bytes:
    received = b""
    try:
        while b"\r\n" not in received:
            chunk = sock.recv(4096)
            if not chunk:
                break
            received += chunk
    except TimeoutError:
        return b"no answer: the server waits for the rest of the body"
    return received.split(b"\r\n", 1)[0]


def test_a_server_answers_413_before_the_body_has_arrived(live_server):
    """Through a real HTTP server: the headers of an upload declare 150 MB, only 64 KB of the
    file follow, and the answer comes at once. Without the limit Django reads on (the CSRF
    check reads the form, a multipart form's file whatever its size) and waits for the rest."""
    address = urlsplit(live_server.url)
    token = "a" * 32  # a CSRF cookie, so that the CSRF check reads the posted form
    head = (
        f"POST {reverse('account_login')} HTTP/1.1\r\nHost: {address.hostname}\r\n"
        f"Cookie: csrftoken={token}\r\n"
        "Content-Type: multipart/form-data; boundary=grens\r\n"
        f"Content-Length: {150 * MB}\r\n\r\n"
        "--grens\r\n"
        'Content-Disposition: form-data; name="upload"; filename="groot.pdf"\r\n\r\n'
    )
    started = time.monotonic()
    with socket.create_connection((address.hostname, address.port), timeout=5) as sock:
        sock.sendall(head.encode() + b"%PDF-" + b"a" * 65536)
        status = _status_line(sock)
    assert status == b"HTTP/1.1 413 Request Entity Too Large"
    assert time.monotonic() - started < 5


@pytest.mark.django_db
def test_a_nul_in_the_path_is_a_400_not_a_server_error(make_member):
    client = Client(raise_request_exception=False)
    client.force_login(make_member(OrganisationKind.NIDOS, is_national=True))
    response = client.get("/jongeren/%00/")
    assert response.status_code == 400
    assert "Ongeldig verzoek" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [{"gemeente": "GM0344\x00"}, {"q\x00": "Utrecht"}, {"pagina": "\x00"}],
)
def test_a_nul_in_a_parameter_is_a_400(client, gemeente_user, query):
    client.force_login(gemeente_user)
    response = client.get(f"{reverse('location_list')}?{urlencode(query)}")
    assert response.status_code == 400


@pytest.mark.django_db
def test_a_nul_in_a_posted_field_is_a_400_and_writes_nothing(client, gemeente_user, make_location):
    location = make_location()
    client.force_login(gemeente_user)
    url = reverse("location_comment_add", args=[location.pk])
    assert client.post(url, {"body": "Sleutel\x00"}).status_code == 400
    url = reverse("location_document_add", args=[location.pk])
    upload = SimpleUploadedFile("foto.png", PNG)
    assert client.post(url, {"kind": "foto\x00", "upload": upload}).status_code == 400
    assert not LocationDocument.objects.exists()
    assert not location.comments.exists()


@pytest.mark.django_db
def test_djangos_own_bad_request_page_renders_in_the_layout(client):
    """Django answers some bad requests itself (an unknown Host) with templates/400.html,
    rendered without a request."""
    response = Client(raise_request_exception=False).get("/", headers={"host": "aanvaller.example"})
    assert response.status_code == 400
    assert "Ongeldig verzoek" in response.content.decode()

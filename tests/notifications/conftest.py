import pytest

from .fake_servers import FakeSMTPServer, closed_port


def use_smtp(settings, port: int, *, timeout: float = 1) -> None:
    """Send through Django's real SMTP backend to 127.0.0.1:port."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", port, timeout
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""


@pytest.fixture
def smtp_down(settings):
    """The mail server refuses connections (it is stopped)."""
    use_smtp(settings, closed_port())


@pytest.fixture
def smtp_server(settings):
    """A working mail server that keeps what it is sent."""
    with FakeSMTPServer() as server:
        use_smtp(settings, server.port)
        yield server

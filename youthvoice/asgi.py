"""One ASGI application for HTTP and WebSocket, served by uvicorn on one port.

WebSocket connections must carry an ``Origin`` header naming one of ``ALLOWED_HOSTS`` (cross-site
WebSocket hijacking would otherwise ride on the session cookie) and are authenticated by the session.
"""

import os
import warnings

import django

# WhiteNoise serves static files with a synchronous file iterator; under ASGI Django reads it in a
# worker thread and warns on every file. That cost is known and accepted for static assets (a CDN
# or the proxy serves them in larger deployments), so the warning is silenced for that case only.
warnings.filterwarnings(
    "ignore",
    message="StreamingHttpResponse must consume synchronous iterators",
    category=Warning,
    module="django.core.handlers.asgi",
)

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "youthvoice.settings.base")

# Django must be set up before anything imports models.
django.setup(set_prefix=False)

from youthvoice.http_handler import SyncChainASGIHandler  # noqa: E402

django_asgi_app = SyncChainASGIHandler()

from channels.auth import AuthMiddlewareStack  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from consultations.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(AuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)

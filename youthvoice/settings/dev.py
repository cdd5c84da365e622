"""``make run``: the embedded defaults with DEBUG on."""

from youthvoice.settings.base import *  # noqa: F403

DEBUG = True

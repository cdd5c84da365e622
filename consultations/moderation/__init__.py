"""Moderation: screening, flags, the queue and its audit log."""

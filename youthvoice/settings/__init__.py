"""Settings modes: ``base`` (environment-driven, the default), ``dev`` (``make run``), ``test``
(pytest) and ``production`` (``check --deploy`` clean)."""

"""Forecast track records (DESIGN §3.8, issue 13): the pure rules the ``forecasts`` app builds on.

- :mod:`.lifecycle` — ``QUESTION_MACHINE`` (draft → open → closed → resolved |
  annulled; open → resolved; reverse with a reason) and :func:`advance`;
- :mod:`.question` — :class:`Question` and :class:`Forecast`, :func:`check_forecast`;
- :mod:`.validation` — probabilities, quantiles and outcomes, with errors naming the field;
- :mod:`.resolution` — which evidence resolves a question, and which forecasts then count.
"""

"""Forecast track records (DESIGN §3.8, issue 13): the pure rules the ``forecasts`` app builds on.

- :mod:`.lifecycle` — ``QUESTION_MACHINE`` (draft → open → closed → resolved |
  annulled; open → resolved; reverse with a reason) and :func:`advance`;
- :mod:`.question` — :class:`Question` and :class:`Forecast`, :func:`check_forecast`;
- :mod:`.validation` — probabilities, quantiles and outcomes, with errors naming the field;
- :mod:`.resolution` — which evidence resolves a question, and which forecasts then count;
- :mod:`.scores` — the vectorised rules: Brier, log, Metaculus baseline and peer,
  CRPS from quantiles, the weighted interval score, interval coverage;
- :mod:`.timeavg` — Metaculus-style time-averaged baseline and peer scores;
- :mod:`.aggregate` — median, geometric mean of odds and spread after close;
- :mod:`.scoring` — :class:`ResolvedForecast` → :func:`score_forecasts` →
  :class:`ScoredForecast` → :func:`summarise` → :class:`ScoreSummary`;
- :mod:`.calibration` — reliability diagram, Murphy decomposition, discrimination;
- :mod:`.baselines` — beating 50% (Brier) and linear extrapolation (CRPS);
- :mod:`.track` — :func:`track_record`: all of a record's figures in one object;
- :mod:`.scorefile` — the JSON Lines score file, read and written.
"""

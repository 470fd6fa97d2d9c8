"""Coordinated-disclosure lifecycles as data, after CERT/CC's Vultron protocol.

Each lifecycle is a :class:`~redline.core.statemachine.StateMachine`:

- :mod:`.report` — report management per vendor participant (Vultron RM);
- :mod:`.embargo` — embargo management per case (Vultron EM) and its deadline rules;
- :mod:`.flags` — case state flags vfd·pxa (Vultron CS);
- :mod:`.dispute` — the reporter–vendor dispute overlay;
- :mod:`.publication` — reserved ID → published / rejected / withdrawn;
- :mod:`.clocks` — acknowledge / triage / fix targets per severity tier;
- :mod:`.case` — a multi-vendor case aggregate that applies events and keeps the
  cross-machine invariants.
"""

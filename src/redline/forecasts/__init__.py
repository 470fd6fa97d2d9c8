"""Forecast track records (DESIGN §3.8, issue 13): questions, forecasts, automatic resolution, scores.

The rules live in :mod:`redline.core.forecasts`; this app stores questions and forecasts, records
every forecast in the ledger when it is made (salted, so the ledger reveals nothing before close),
resolves questions when the evidence app stores matching evaluations (its ``evaluations_stored``
signal), and shows scores, calibration and track records.
"""

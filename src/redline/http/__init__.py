"""HTTP helpers every app shares: page rendering with JSON twins, form errors, pagination.

It sits below the apps and imports none of them (only :mod:`redline.core` and Django).
"""

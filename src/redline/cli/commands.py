"""Imports every CLI module so that its commands register on the root app."""

# Each line imports a module whose decorators add commands to redline.cli.main's apps.

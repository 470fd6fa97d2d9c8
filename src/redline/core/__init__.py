"""The pure core of redline: no Django, no I/O beyond what function names say."""

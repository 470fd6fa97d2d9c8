"""The Common Use Enumeration on the web: catalogue entries, their versions and proposals."""

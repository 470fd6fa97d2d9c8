"""``python -m redline``: the same as the ``redline`` command."""

from redline.cli import main

if __name__ == "__main__":  # not when a spawned process imports it (the bench's second workers)
    main()

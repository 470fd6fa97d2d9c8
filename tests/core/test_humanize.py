import pytest

from redline.core.humanize import short_count


@pytest.mark.parametrize("n,text", [
    (None, "—"), (0, "0"), (950, "950"), (1_000, "1 k"), (1_500_000, "1.5 M"), (350_000_000, "350 M"),
    (8_000_000_000, "8 B"), (8_030_000_000, "8.03 B"), (70_000_000_000, "70 B"), (405_000_000_000, "405 B"),
    (999_960_000, "1 B"), (1_800_000_000_000, "1.8 T"), (2_500_000_000_000_000, "2,500 T"),
])
def test_short_count(n, text):
    assert short_count(n) == text
